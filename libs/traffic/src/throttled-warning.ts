import { Logger } from '@nestjs/common';

/** A warning about a failing store written at most once per `intervalMs`: an outage is a line every 30 s, not one per request. */
export class ThrottledWarning {
  private readonly logger: Logger;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    context: string,
    private readonly intervalMs = 30_000,
  ) {
    this.logger = new Logger(context);
  }

  warn(what: string, error: unknown): void {
    const now = Date.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.logger.warn(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
