interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive while a commit is in flight wait for the next one and go together, so under
 * load one statement (one transaction, one round trip) carries many responses while an idle writer commits each
 * at once. Every caller's promise settles only when its own item is committed. When a batch fails, its items are
 * retried one by one so that one bad item fails alone.
 */
export class GroupCommit<T> {
  private queue: Pending<T>[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly maxBatch: number,
  ) {}

  write(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Settles when everything queued so far is committed (or failed). */
  async flushed(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.length <= this.maxBatch ? this.queue : this.queue.slice(0, this.maxBatch);
        this.queue = batch === this.queue ? [] : this.queue.slice(this.maxBatch);
        await this.commitBatch(batch);
      }
    } finally {
      this.running = undefined;
    }
  }

  private async commitBatch(batch: Pending<T>[]): Promise<void> {
    try {
      await this.commit(batch.map((pending) => pending.item));
      for (const pending of batch) pending.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const pending of batch) {
        try {
          await this.commit([pending.item]);
          pending.resolve();
        } catch (single) {
          pending.reject(single);
        }
      }
    }
  }
}
