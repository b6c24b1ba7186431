import type { ServerResponse } from 'node:http';
import type { GatewayStreamEvent } from '@latticelm/api';
import type { EventWriter } from './event-writer';

/**
 * Writes Open Responses events as SSE: `event:` equal to `type`, one JSON `data:` line, and the literal `[DONE]`
 * at the end. Node's HTTP response gathers the writes of one event-loop turn into one socket write; the headers
 * are not flushed on their own but leave with the first events (one system call fewer before the first byte).
 * `drained()` lets the producer respect backpressure.
 */
export class SseWriter implements EventWriter {
  private open = false;

  constructor(protected readonly response: ServerResponse) {}

  get started(): boolean {
    return this.open;
  }

  get closed(): boolean {
    return this.response.destroyed || this.response.writableEnded;
  }

  get needsDrain(): boolean {
    return this.response.writableNeedDrain;
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

  write(event: GatewayStreamEvent): void {
    this.send(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  /** One SSE frame as it is to go on the wire. */
  protected send(frame: string): void {
    if (this.closed) return;
    this.response.write(frame);
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
