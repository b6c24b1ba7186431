import { Logger } from '@nestjs/common';
import { DataSource, Repository } from 'typeorm';
import { ConversationStore, StoreConnection, StoredResponse } from '../conversation-store';
import { GroupCommit } from './group-commit';
import { StoredResponseRow } from './stored-response.entity';
import { toRow, toStoredResponse } from './stored-response-row.mapper';
import { ROW_COLUMNS, UpsertStatement, lastRowPerId, responseRowParameters, sqlDialectOf } from './upsert-statement';

export interface SqlStoreOptions {
  /** how often expired rows are deleted; 0 turns the timer off (sweepExpired can still be called) */
  sweepIntervalMs: number;
  sweepBatchSize?: number;
  /** most responses one group commit carries (default 200; SQLite allows 32,766 parameters, 12 a row) */
  maxBatch?: number;
  now?: () => number;
  /** told after each timed sweep, with how many rows went (or the error) */
  onSweep?: (result: { removed: number } | { error: unknown }) => void;
}

/**
 * Responses in SQLite, PostgreSQL or MySQL/MariaDB through TypeORM. Reads skip expired rows themselves, so the
 * periodic sweep only reclaims space and never decides what a client may see.
 */
export class SqlConversationStore extends ConversationStore {
  private readonly logger = new Logger(SqlConversationStore.name);
  private readonly rows: Repository<StoredResponseRow>;
  private readonly now: () => number;
  private readonly batchSize: number;
  private readonly table: string;
  private readonly upsert: UpsertStatement;
  private readonly writes: GroupCommit<StoredResponseRow>;
  private readonly timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;
  private closed = false;

  constructor(
    readonly kind: string,
    readonly dataSource: DataSource,
    private readonly options: SqlStoreOptions,
  ) {
    super();
    this.rows = dataSource.getRepository(StoredResponseRow);
    this.now = options.now ?? Date.now;
    this.batchSize = options.sweepBatchSize ?? 500;
    const { driver } = dataSource;
    this.table = dataSource
      .getMetadata(StoredResponseRow)
      .tablePath.split('.')
      .map((part) => driver.escape(part))
      .join('.');
    this.upsert = new UpsertStatement(sqlDialectOf(dataSource), { table: this.table, columns: ROW_COLUMNS, conflict: ['id'] }, (name) => driver.escape(name));
    this.writes = new GroupCommit((rows) => this.upsertRows(rows), options.maxBatch ?? 200);
    if (options.sweepIntervalMs > 0) {
      this.timer = setInterval(() => void this.sweepInBackground(), options.sweepIntervalMs);
      this.timer.unref();
    }
  }

  override connection(): StoreConnection {
    return { kind: 'sql', dataSource: this.dataSource };
  }

  /** Resolves once the row is committed; concurrent saves share one statement (see GroupCommit). */
  save(record: StoredResponse): Promise<void> {
    return this.writes.write(toRow(record));
  }

  private async upsertRows(rows: StoredResponseRow[]): Promise<void> {
    const unique = lastRowPerId(rows);
    await this.dataSource.query(this.upsert.text(unique.length), responseRowParameters(unique));
  }

  override async extendExpiry(owner: string, records: StoredResponse[], expiresAt: number): Promise<void> {
    if (records.length === 0) return;
    await this.rows
      .createQueryBuilder()
      .update()
      .set({ expires_at: expiresAt })
      .where('owner = :owner AND id IN (:...ids) AND expires_at > :now AND expires_at < :expiresAt', {
        owner,
        ids: records.map((record) => record.id),
        now: this.now(),
        expiresAt,
      })
      .execute();
  }

  async get(owner: string, id: string): Promise<StoredResponse | undefined> {
    const row = await this.rows
      .createQueryBuilder('r')
      .where('r.id = :id AND r.owner = :owner AND r.expires_at > :now', { id, owner, now: this.now() })
      .getOne();
    return row ? toStoredResponse(row) : undefined;
  }

  /** One recursive query walks the chain in the database (SQLite 3.8.3+, PostgreSQL, MySQL 8, MariaDB 10.2+). */
  override async getChain(owner: string, id: string, limit: number): Promise<StoredResponse[]> {
    if (limit < 1) return [];
    const { driver } = this.dataSource;
    const table = this.table;
    const sql = `
      WITH RECURSIVE chain (id, previous_response_id, depth) AS (
        SELECT id, previous_response_id, 1 FROM ${table}
          WHERE id = :id AND owner = :owner AND expires_at > :now
        UNION ALL
        SELECT r.id, r.previous_response_id, c.depth + 1 FROM ${table} r
          INNER JOIN chain c ON r.id = c.previous_response_id
          WHERE r.owner = :owner AND r.expires_at > :now AND c.depth < :limit
      )
      SELECT t.* FROM ${table} t INNER JOIN chain c ON t.id = c.id ORDER BY c.depth`;
    const [query, parameters] = driver.escapeQueryWithParameters(sql, { id, owner, now: this.now(), limit }, {});
    const rows = await this.dataSource.query<StoredResponseRow[]>(query, parameters);
    return rows.map(toStoredResponse);
  }

  async delete(owner: string, id: string): Promise<boolean> {
    const result = await this.rows
      .createQueryBuilder()
      .delete()
      .where('id = :id AND owner = :owner AND expires_at > :now', { id, owner, now: this.now() })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Deletes expired rows in batches (select ids, delete those): PostgreSQL and SQLite have no DELETE … LIMIT and
   * MySQL refuses LIMIT inside an IN subquery, so this is the form all three accept. Returns how many went.
   */
  async sweepExpired(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.rows
        .createQueryBuilder('r')
        .select('r.id', 'id')
        .where('r.expires_at <= :now', { now: this.now() })
        .limit(this.batchSize)
        .getRawMany<{ id: string }>();
      if (expired.length === 0) break;
      await this.rows
        .createQueryBuilder()
        .delete()
        .where('id IN (:...ids)', { ids: expired.map((row) => row.id) })
        .execute();
      total += expired.length;
      if (expired.length < this.batchSize || this.closed) break;
    }
    return total;
  }

  async checkHealth(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.writes.flushed();
    await this.sweeping?.catch(() => undefined);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async sweepInBackground(): Promise<void> {
    if (this.sweeping || this.closed) return;
    this.sweeping = this.sweepExpired();
    try {
      const removed = await this.sweeping;
      if (removed > 0) this.logger.debug(`swept ${removed} expired responses`);
      this.options.onSweep?.({ removed });
    } catch (error) {
      this.logger.warn(`sweeping expired responses failed: ${error instanceof Error ? error.message : String(error)}`);
      this.options.onSweep?.({ error });
    } finally {
      this.sweeping = undefined;
    }
  }
}
