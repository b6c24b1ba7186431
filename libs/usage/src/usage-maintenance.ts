import { Logger } from '@nestjs/common';
import type { UsageLogClock } from './usage-log';
import type { UsageStore } from './usage.store';

/**
 * The periodic job: roll-ups and deletions as of the clock's now, every `rollup_interval` (and once at start-up).
 * Runs never overlap; a failed run is logged and the next one tries again. Tests move the clock and call `run()`.
 */
export class UsageMaintenance {
  private readonly logger = new Logger('UsageLog');
  private timer: { refresh(): void; cancel(): void } | undefined;
  private last: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(
    private readonly store: UsageStore,
    private readonly intervalMs: number,
    private readonly clock: UsageLogClock,
  ) {}

  start(): void {
    this.timer ??= this.clock.timer(this.intervalMs, () => {
      this.timer?.refresh();
      if (this.pending === 0) void this.run();
    });
    void this.run();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** One roll-up and clean-up as of the clock when it starts, after any run in progress. */
  run(): Promise<void> {
    this.pending += 1;
    this.last = this.last.then(async () => {
      try {
        await this.store.maintain(this.clock.now());
      } catch (error) {
        this.logger.warn(`usage roll-up failed (the next run retries): ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.pending -= 1;
      }
    });
    return this.last;
  }
}
