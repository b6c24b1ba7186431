import type { DataSource } from 'typeorm';
import { BUDGET_SPEND_TABLE, SqlDialect, UpsertStatement, sqlDialectOf } from '@latticelm/conversations';
import { ThrottledWarning } from '@latticelm/traffic';
import type { SpendJournal } from './memory-spend-counter';
import { SpendCounterKey, SpendScope, counterName } from './spend-counter';

/** Five parameters a row: 100 rows stay under every driver's parameter limit. */
const ROWS_PER_STATEMENT = 100;

type Row = { scope: string; scope_id: string; period: string; spend_nano_usd: string | number; expires_at: string | number | null };

/**
 * Persists memory spend counters in the conversations' SQL database (`latticelm_budget_spend`), so that a
 * restart does not reset spend: additions are summed in memory and written every `intervalMs` (and at shutdown)
 * as additive upserts — `spend = spend + excluded.spend` — so that replicas sharing the database never overwrite
 * each other. Nothing of it is on the request path. A failed write keeps its sums for the next one.
 */
export class SqlSpendJournal implements SpendJournal {
  private readonly warning = new ThrottledWarning('Budgets');
  private readonly table: string;
  private readonly dialect: SqlDialect;
  private readonly upsert: UpsertStatement;
  private pending = new Map<string, { key: SpendCounterKey; nanoUsd: number }>();
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly intervalMs = 1000,
  ) {
    this.table = dataSource.driver.escape(BUDGET_SPEND_TABLE);
    this.dialect = sqlDialectOf(dataSource);
    const columns = ['scope', 'scope_id', 'period', 'spend_nano_usd', 'expires_at'];
    // additive, so that replicas sharing the database never overwrite each other's spend
    this.upsert = new UpsertStatement(this.dialect, { table: this.table, columns, conflict: ['scope', 'scope_id', 'period'], added: ['spend_nano_usd'] }, (name) => name);
  }

  /** Deletes the rows of periods long past, reads the others, and starts writing every `intervalMs`. */
  async load(now: number): Promise<{ key: SpendCounterKey; nanoUsd: number }[]> {
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE expires_at IS NOT NULL AND expires_at <= ${this.slot(0)}`, [now]);
    const rows = await this.dataSource.query<Row[]>(`SELECT scope, scope_id, period, spend_nano_usd, expires_at FROM ${this.table}`);
    this.timer ??= setInterval(() => void this.flush(), this.intervalMs).unref();
    return rows.map((row) => ({
      key: { scope: row.scope as SpendScope, id: row.scope_id, period: row.period, expiresAt: row.expires_at === null ? null : Number(row.expires_at) },
      nanoUsd: Number(row.spend_nano_usd),
    }));
  }

  note(key: SpendCounterKey, nanoUsd: number): void {
    const name = counterName(key);
    const entry = this.pending.get(name);
    if (entry) entry.nanoUsd += nanoUsd;
    else this.pending.set(name, { key, nanoUsd });
  }

  /** Writes what was noted; one write at a time, a call during one waits for it and then writes the rest. */
  flush(): Promise<void> {
    const write = (this.flushing ?? Promise.resolve()).then(() => this.write());
    const tracked = write.finally(() => {
      if (this.flushing === tracked) this.flushing = undefined;
    });
    this.flushing = tracked;
    return tracked;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    for (let start = 0; start < batch.length; start += ROWS_PER_STATEMENT) {
      const rows = batch.slice(start, start + ROWS_PER_STATEMENT);
      try {
        await this.dataSource.query(this.upsert.text(rows.length), rows.flatMap(({ key, nanoUsd }) => [key.scope, key.id, key.period, nanoUsd, key.expiresAt]));
      } catch (error) {
        for (const row of batch.slice(start)) this.note(row.key, row.nanoUsd);
        this.warning.warn('writing budget spend to the database failed (kept for the next write)', error);
        return;
      }
    }
  }

  private slot(index: number): string {
    return this.dialect === 'postgres' ? `$${index + 1}` : '?';
  }
}
