import type { ServerResponse } from 'node:http';
import type { StreamEvent } from '@latticelm/api';

/**
 * Writes Open Responses events as SSE: `event:` equal to `type`, one JSON `data:` line, and the literal `[DONE]`
 * at the end. The events of one turn of the event loop leave in one socket write (the headers with the first
 * ones): an upstream chunk often becomes several events, and each write is a system call. Nothing waits past
 * the current turn; `drained()` lets the producer respect backpressure.
 */
export class SseWriter {
  private open = false;
  private corked = false;
  private readonly uncork = () => {
    this.corked = false;
    this.response.uncork();
  };

  constructor(private readonly response: ServerResponse) {}

  get started(): boolean {
    return this.open;
  }

  get closed(): boolean {
    return this.response.destroyed || this.response.writableEnded;
  }

  start(headers: Record<string, string> = {}): void {
    if (this.open) return;
    this.open = true;
    this.response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
  }

  write(event: StreamEvent): void {
    if (this.closed) return;
    if (!this.corked) {
      this.corked = true;
      this.response.cork();
      process.nextTick(this.uncork);
    }
    this.response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  async drained(): Promise<void> {
    if (!this.response.writableNeedDrain || this.closed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }

  end(): void {
    if (this.closed) return;
    this.response.end('data: [DONE]\n\n');
  }
}
