import { Logger } from '@nestjs/common';
import { EndedRequest, GatewayEvents, UsageRecorder } from '@latticelm/api';
import type { UsageLogConfig } from '@latticelm/config';
import { buildUsageRecord } from './build-usage-record';
import type { UsageRecord } from './usage-record';
import type { UsageStore } from './usage.store';

export interface UsageLogClock {
  now(): number;
  timer(ms: number, fire: () => void): { refresh(): void; cancel(): void };
}

/**
 * The usage log's request side: each ended request becomes a record in an in-process buffer (field copies, no I/O),
 * written off the request path every `flush_interval` or as soon as `batch_size` records wait, one multi-row write
 * per batch and one write at a time. While the store fails, records wait, up to `max_buffered`; past that the oldest
 * are dropped and counted. Never blocks, never fails a request.
 */
export class UsageLog extends UsageRecorder {
  private readonly logger = new Logger('UsageLog');
  private buffer: UsageRecord[] = [];
  private writing: Promise<void> = Promise.resolve();
  private writeQueued = false;
  private timer: { refresh(): void; cancel(): void } | undefined;
  private failing = false;
  private total = 0;
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private readonly promptChars: number;

  constructor(
    private readonly store: UsageStore,
    private readonly config: Pick<UsageLogConfig, 'flushIntervalMs' | 'batchSize' | 'maxBuffered' | 'includePrompts' | 'promptMaxChars'>,
    private readonly clock: UsageLogClock,
    private readonly events: GatewayEvents,
  ) {
    super();
    this.promptChars = config.includePrompts ? config.promptMaxChars : 0;
  }

  record(ended: EndedRequest): void {
    this.buffer.push(buildUsageRecord(ended, this.clock.now(), this.promptChars));
    this.total += 1;
    if (this.buffer.length > this.config.maxBuffered) this.drop(this.buffer.length - this.config.maxBuffered);
    if (this.buffer.length >= this.config.batchSize && !this.writeQueued) {
      this.writeQueued = true;
      setImmediate(() => void this.flush());
    }
    if (this.waiters.length > 0) this.wake();
  }

  /** Writes every record buffered so far (and those that arrive meanwhile); resolves when done or the store failed. */
  flush(): Promise<void> {
    this.writeQueued = false;
    this.writing = this.writing.then(() => this.writeBuffered());
    return this.writing;
  }

  /** Resolves once `count` records have been recorded since start-up (tests: a request's record is made when it closes). */
  recorded(count: number): Promise<void> {
    if (this.total >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** records waiting to be written */
  get buffered(): number {
    return this.buffer.length;
  }

  start(): void {
    this.timer ??= this.clock.timer(this.config.flushIntervalMs, () => {
      this.timer?.refresh();
      void this.flush();
    });
  }

  /** Stops the timer and writes what is left: the drain at shutdown. */
  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await this.flush();
  }

  private async writeBuffered(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.config.batchSize);
      const started = performance.now();
      try {
        await this.store.insert(batch);
      } catch (error) {
        this.events.emit('usage.flushed', { store: this.store.kind, records: batch.length, durationMs: performance.now() - started, ok: false });
        this.buffer = batch.concat(this.buffer);
        if (this.buffer.length > this.config.maxBuffered) this.drop(this.buffer.length - this.config.maxBuffered);
        if (!this.failing) this.logger.warn(`usage store write failed, ${this.buffer.length} record(s) kept for the next try: ${error instanceof Error ? error.message : String(error)}`);
        this.failing = true;
        return;
      }
      this.events.emit('usage.flushed', { store: this.store.kind, records: batch.length, durationMs: performance.now() - started, ok: true });
      if (this.failing) this.logger.log('usage store writes again');
      this.failing = false;
    }
  }

  private drop(count: number): void {
    this.buffer.splice(0, count);
    this.events.emit('usage.dropped', { store: this.store.kind, records: count });
  }

  private wake(): void {
    for (let index = this.waiters.length - 1; index >= 0; index--) {
      if (this.waiters[index].count > this.total) continue;
      this.waiters[index].resolve();
      this.waiters.splice(index, 1);
    }
  }
}
