import { SpendCounter, SpendCounterKey, counterName } from './spend-counter';

/** Where memory counters are persisted (SqlSpendJournal): additions noted as they happen, written in batches. */
export interface SpendJournal {
  /** every counter still kept, once at start-up */
  load(now: number): Promise<{ key: SpendCounterKey; nanoUsd: number }[]>;
  note(key: SpendCounterKey, nanoUsd: number): void;
  /** writes what is noted and stops */
  close(): Promise<void>;
}

interface Level {
  nanoUsd: number;
  expiresAt: number | null;
}

const SWEEP_EVERY_MS = 3_600_000;

/**
 * Spend counters in this process: a read is a map lookup, an addition a map update (and a note to the journal,
 * which writes it off the request path). Counters of past periods are dropped once an hour.
 */
export class MemorySpendCounter extends SpendCounter {
  readonly store = 'memory';
  private readonly levels = new Map<string, Level>();
  private nextSweep = 0;

  constructor(
    private readonly now: () => number,
    private readonly journal?: SpendJournal,
  ) {
    super();
  }

  async read(keys: readonly SpendCounterKey[]): Promise<number[]> {
    const now = this.now();
    return keys.map((key) => {
      const level = this.levels.get(counterName(key));
      return level && (level.expiresAt === null || level.expiresAt > now) ? level.nanoUsd : 0;
    });
  }

  async add(keys: readonly SpendCounterKey[], nanoUsd: number): Promise<void> {
    const now = this.now();
    for (const key of keys) {
      this.raise(key, nanoUsd, now);
      this.journal?.note(key, nanoUsd);
    }
    if (now >= this.nextSweep) this.sweep(now);
  }

  override async load(): Promise<void> {
    if (!this.journal) return;
    const now = this.now();
    for (const { key, nanoUsd } of await this.journal.load(now)) this.raise(key, nanoUsd, now);
  }

  override async close(): Promise<void> {
    await this.journal?.close();
  }

  private raise(key: SpendCounterKey, nanoUsd: number, now: number): void {
    const name = counterName(key);
    const level = this.levels.get(name);
    if (level && (level.expiresAt === null || level.expiresAt > now)) level.nanoUsd += nanoUsd;
    else this.levels.set(name, { nanoUsd, expiresAt: key.expiresAt });
  }

  private sweep(now: number): void {
    this.nextSweep = now + SWEEP_EVERY_MS;
    for (const [name, level] of this.levels) if (level.expiresAt !== null && level.expiresAt <= now) this.levels.delete(name);
  }
}
