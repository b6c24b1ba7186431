import type { DataSource } from 'typeorm';
import { USAGE_DAILY_TABLE, USAGE_RECORDS_TABLE, USAGE_STATE_TABLE, UpsertStatement, sqlDialectOf } from '@latticelm/conversations';
import { bucketOf, decodeHistogram, encodeHistogram } from './latency-histogram';
import { GroupTotals, UsageGrouping, dimensionOf } from './usage-grouping';
import type { RecentQuery, UsageFilters, UsageGroupBy, UsageQuery } from './usage-query';
import type { UsageGroupKey, UsageOutcome, UsageRecord } from './usage-record';
import { SqlDialectInfo, SqlStatement, changedRows, dialectOf } from './sql-statement';
import { dayOf, firstRawDay, hourOf } from './usage-time';
import { UsageTotals, emptyTotals } from './usage-totals';
import { UsageRetention, UsageStore, UsageStoreSize } from './usage.store';

/** The insert's columns, in order (the id is the table's own). */
const RECORD_COLUMNS = [
  'at', 'day', 'hour', 'request_id', 'key_id', 'key_name', 'owner', 'model', 'provider', 'route', 'status', 'outcome', 'stream',
  'input_tokens', 'cached_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens',
  'cost_usd', 'latency_ms', 'ttft_ms', 'latency_bucket', 'ttft_bucket', 'cache_hit', 'prompt',
] as const;
const DAILY_KEY = ['day', 'key_id', 'owner', 'model', 'provider'] as const;
const DAILY_COLUMNS = [
  ...DAILY_KEY, 'key_name', 'requests', 'errors', 'input_tokens', 'cached_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens',
  'cost_usd', 'unpriced', 'latency_ms_sum', 'ttft_count', 'ttft_ms_sum', 'latency_histogram', 'ttft_histogram',
] as const;
const DIMENSION: Record<UsageGroupBy, string> = { key: 'key_id', owner: 'owner', model: 'model', provider: 'provider', day: 'day', hour: 'hour' };
const FILTER_COLUMNS: [keyof UsageFilters, string][] = [['keyId', 'key_id'], ['owner', 'owner'], ['model', 'model'], ['provider', 'provider']];
/** the widths of the migration's varchar columns: a longer value would fail the whole batch */
const WIDTHS: Partial<Record<(typeof RECORD_COLUMNS)[number], number>> = { request_id: 128, key_id: 64, key_name: 255, owner: 255, model: 128, provider: 64, route: 64, outcome: 16 };
/** how long one replica may hold the roll-up before another may take over */
const LEASE_MS = 10 * 60_000;
const DAILY_ROWS_PER_UPSERT = 200;

/** bigint and SUM come back as strings from pg and mysql2, as numbers from sqlite */
type Row = Record<string, string | number | null>;
interface Aggregate {
  values: unknown[];
  keyName: string;
  totals: UsageTotals;
}

/**
 * The usage log in the conversations' SQL database (SQLite, PostgreSQL, MySQL/MariaDB), on its DataSource, in the
 * tables its migrations made: one row per request while it is within the retention, then one per day × key ×
 * owner × model × provider. `latticelm_usage_state` holds the first day still raw (`rolled_before`): a query reads
 * raw rows from that day on and roll-ups before it, so no request is counted twice whatever the roll-up is doing.
 * No statement depends on another's transaction: SQLite's one connection is shared with the conversations.
 */
export class SqlUsageStore extends UsageStore {
  readonly kind = 'sql';
  private readonly dialect: SqlDialectInfo;
  private readonly records: string;
  private readonly daily: string;
  private readonly state: string;
  private readonly inserts = new Map<number, string>();
  /** a day's roll-up row: a second roll-up of the same group replaces it */
  private readonly dailyUpsert: UpsertStatement;

  constructor(
    private readonly dataSource: DataSource,
    private readonly retention: UsageRetention,
  ) {
    super();
    this.dialect = dialectOf(dataSource);
    this.records = this.dialect.quote(USAGE_RECORDS_TABLE);
    this.daily = this.dialect.quote(USAGE_DAILY_TABLE);
    this.state = this.dialect.quote(USAGE_STATE_TABLE);
    this.dailyUpsert = new UpsertStatement(sqlDialectOf(dataSource), { table: this.daily, columns: DAILY_COLUMNS, conflict: DAILY_KEY }, this.dialect.quote);
  }

  async insert(records: readonly UsageRecord[]): Promise<void> {
    if (records.length === 0) return;
    const values: unknown[] = [];
    for (const record of records) values.push(...toRow(record));
    await this.dataSource.query(this.insertText(records.length), values);
  }

  private insertText(rows: number): string {
    let text = this.inserts.get(rows);
    if (text) return text;
    const statement = new SqlStatement(this.dialect);
    const tuples = Array.from({ length: rows }, () => `(${RECORD_COLUMNS.map(() => statement.param(null)).join(', ')})`);
    text = `INSERT INTO ${this.records} (${RECORD_COLUMNS.map(this.dialect.quote).join(', ')}) VALUES ${tuples.join(', ')}`;
    if (this.inserts.size < 64) this.inserts.set(rows, text);
    return text;
  }

  /**
   * Rolls every raw day past the retention into the daily table (replacing its rows: a second run writes the same),
   * then moves `rolled_before` past them and deletes them; then drops roll-ups past their retention. One replica
   * at a time, by a lease on the state row (one UPDATE, atomic on every database).
   */
  async maintain(now: number): Promise<void> {
    const lease = now + LEASE_MS;
    const q = this.dialect.quote;
    const take = new SqlStatement(this.dialect);
    const taken = `UPDATE ${this.state} SET ${q('lease_until')} = ${take.param(lease)} WHERE ${q('name')} = ${take.param('rollup')} AND ${q('lease_until')} < ${take.param(now)}`;
    if ((await changedRows(this.dataSource, taken, take.values)) !== 1) return;
    try {
      const target = firstRawDay(now, this.retention.retentionMs);
      const rolled = await this.rolledBefore();
      if (target > rolled) {
        const raw = new SqlStatement(this.dialect).where('day', '>=', rolled).where('day', '<', target);
        await this.upsertDaily(await this.aggregate([...DAILY_KEY], raw));
        const advance = new SqlStatement(this.dialect);
        await this.dataSource.query(`UPDATE ${this.state} SET ${q('rolled_before')} = ${advance.param(target)} WHERE ${q('name')} = ${advance.param('rollup')}`, advance.values);
        const old = new SqlStatement(this.dialect).where('day', '<', target);
        await this.dataSource.query(`DELETE FROM ${this.records}${old.clause()}`, old.values);
      }
      const expired = new SqlStatement(this.dialect).where('day', '<', dayOf(now - this.retention.rollupRetentionMs));
      await this.dataSource.query(`DELETE FROM ${this.daily}${expired.clause()}`, expired.values);
    } finally {
      const release = new SqlStatement(this.dialect);
      await this.dataSource.query(
        `UPDATE ${this.state} SET ${q('lease_until')} = ${release.param(0)} WHERE ${q('name')} = ${release.param('rollup')} AND ${q('lease_until')} = ${release.param(lease)}`,
        release.values,
      );
    }
  }

  private async upsertDaily(aggregates: Aggregate[]): Promise<void> {
    for (let start = 0; start < aggregates.length; start += DAILY_ROWS_PER_UPSERT) {
      const rows = aggregates.slice(start, start + DAILY_ROWS_PER_UPSERT).map(({ values, keyName, totals: t }) => [
        ...values, keyName, t.requests, t.errors, t.inputTokens, t.cachedTokens, t.cacheWriteTokens, t.outputTokens, t.reasoningTokens,
        t.costUsd, t.unpriced, t.latencyMsSum, t.ttftCount, t.ttftMsSum, encodeHistogram(t.latency), encodeHistogram(t.ttft),
      ]);
      await this.dataSource.query(this.dailyUpsert.text(rows.length), rows.flat());
    }
  }

  async summarize(query: UsageQuery, _now: number): Promise<GroupTotals[]> {
    const rolled = await this.rolledBefore();
    const grouping = new UsageGrouping(query.groupBy);
    const raw = this.filtered(query.filters).where('at', '>=', query.from).where('at', '<', query.to).where('day', '>=', rolled);
    for (const { values, keyName, totals } of await this.aggregate([DIMENSION[query.groupBy]], raw)) {
      const value = query.groupBy === 'day' || query.groupBy === 'hour' ? Number(values[0]) : String(values[0]);
      grouping.add(value, keyName, totals);
    }
    // hours have no roll-up: group_by=hour covers the retention only
    const lastDay = Math.min(dayOf(query.to - 1), rolled - 1);
    if (query.groupBy !== 'hour' && dayOf(query.from) <= lastDay) {
      const days = this.filtered(query.filters).where('day', '>=', dayOf(query.from)).where('day', '<=', lastDay);
      const rows = await this.dataSource.query<Row[]>(`SELECT * FROM ${this.daily}${days.clause()}`, days.values);
      for (const row of rows) {
        const key: UsageGroupKey = { keyId: String(row.key_id), keyName: String(row.key_name), owner: String(row.owner), model: String(row.model), provider: String(row.provider) };
        const value = dimensionOf(query.groupBy, key, Number(row.day), undefined);
        if (value !== undefined) grouping.add(value, key.keyName, dailyTotals(row));
      }
    }
    return grouping.result();
  }

  /** Sums of the raw rows the statement selects, by the given columns: sums in one query, histogram counts in another. */
  private async aggregate(dimensions: string[], statement: SqlStatement): Promise<Aggregate[]> {
    const q = this.dialect.quote;
    const dims = dimensions.map(q).join(', ');
    const sum = (column: string) => `SUM(${q(column)})`;
    const sums = await this.dataSource.query<Row[]>(
      `SELECT ${dims}, MAX(${q('key_name')}) AS key_name, COUNT(*) AS requests, SUM(CASE WHEN ${q('outcome')} <> 'ok' THEN 1 ELSE 0 END) AS errors, ` +
        `${sum('input_tokens')} AS input_tokens, ${sum('cached_tokens')} AS cached_tokens, ${sum('cache_write_tokens')} AS cache_write_tokens, ` +
        `${sum('output_tokens')} AS output_tokens, ${sum('reasoning_tokens')} AS reasoning_tokens, ${sum('cost_usd')} AS cost_usd, ` +
        `SUM(CASE WHEN ${q('cost_usd')} IS NULL THEN 1 ELSE 0 END) AS unpriced, ${sum('latency_ms')} AS latency_ms_sum, ` +
        `COUNT(${q('ttft_ms')}) AS ttft_count, ${sum('ttft_ms')} AS ttft_ms_sum FROM ${this.records}${statement.clause()} GROUP BY ${dims}`,
      statement.values,
    );
    const byGroup = new Map<string, Aggregate>();
    const groupOf = (row: Row) => JSON.stringify(dimensions.map((column) => String(row[column])));
    for (const row of sums) {
      const totals = emptyTotals();
      totals.requests = Number(row.requests);
      totals.errors = Number(row.errors);
      totals.inputTokens = Number(row.input_tokens);
      totals.cachedTokens = Number(row.cached_tokens);
      totals.cacheWriteTokens = Number(row.cache_write_tokens);
      totals.outputTokens = Number(row.output_tokens);
      totals.reasoningTokens = Number(row.reasoning_tokens);
      totals.costUsd = Number(row.cost_usd ?? 0);
      totals.unpriced = Number(row.unpriced);
      totals.latencyMsSum = Number(row.latency_ms_sum ?? 0);
      totals.ttftCount = Number(row.ttft_count);
      totals.ttftMsSum = Number(row.ttft_ms_sum ?? 0);
      byGroup.set(groupOf(row), { values: dimensions.map((column) => row[column]), keyName: String(row.key_name ?? ''), totals });
    }
    if (byGroup.size === 0) return [];
    const histogram = (kind: number, column: string, extra: string[]) =>
      `SELECT ${dims}, ${kind} AS kind, ${q(column)} AS bucket, COUNT(*) AS n FROM ${this.records}${statement.clause(extra)} GROUP BY ${dims}, ${q(column)}`;
    // PostgreSQL numbers its parameters, so the second half reuses them; the others need them once more
    const counts = await this.dataSource.query<Row[]>(
      `${histogram(0, 'latency_bucket', [])} UNION ALL ${histogram(1, 'ttft_bucket', [`${q('ttft_bucket')} IS NOT NULL`])}`,
      this.dialect.postgres ? statement.values : [...statement.values, ...statement.values],
    );
    for (const row of counts) {
      const totals = byGroup.get(groupOf(row))?.totals;
      if (totals) (Number(row.kind) === 0 ? totals.latency : totals.ttft)[Number(row.bucket)] += Number(row.n);
    }
    return [...byGroup.values()];
  }

  async recent(query: RecentQuery): Promise<UsageRecord[]> {
    const statement = this.filtered(query.filters);
    if (query.before !== undefined) statement.where('at', '<', query.before);
    if (typeof query.status === 'number') statement.where('status', '=', query.status);
    else if (query.status !== undefined) statement.where('outcome', '=', query.status);
    const q = this.dialect.quote;
    const rows = await this.dataSource.query<Row[]>(
      `SELECT * FROM ${this.records}${statement.clause()} ORDER BY ${q('at')} DESC, ${q('id')} DESC LIMIT ${Math.floor(query.limit)}`,
      statement.values,
    );
    return rows.map(fromRow);
  }

  async size(): Promise<UsageStoreSize> {
    const count = async (table: string) => Number((await this.dataSource.query<Row[]>(`SELECT COUNT(*) AS n FROM ${table}`))[0]?.n ?? 0);
    return { records: await count(this.records), rollups: await count(this.daily) };
  }

  private filtered(filters: UsageFilters): SqlStatement {
    const statement = new SqlStatement(this.dialect);
    for (const [field, column] of FILTER_COLUMNS) {
      const value = filters[field];
      if (value !== undefined) statement.where(column, '=', value);
    }
    return statement;
  }

  private async rolledBefore(): Promise<number> {
    const statement = new SqlStatement(this.dialect);
    const q = this.dialect.quote;
    const rows = await this.dataSource.query<Row[]>(`SELECT ${q('rolled_before')} AS rolled FROM ${this.state} WHERE ${q('name')} = ${statement.param('rollup')}`, statement.values);
    return Number(rows[0]?.rolled ?? 0);
  }
}

/** A column's value: strings fitted to their column (and without NUL, which PostgreSQL refuses in text). */
function fit(column: (typeof RECORD_COLUMNS)[number], value: string | null): string | null {
  if (value === null) return null;
  const clean = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  const width = WIDTHS[column];
  return width !== undefined && clean.length > width ? clean.slice(0, width) : clean;
}

function toRow(record: UsageRecord): unknown[] {
  return [
    record.at,
    dayOf(record.at),
    hourOf(record.at),
    fit('request_id', record.requestId),
    fit('key_id', record.keyId ?? ''),
    fit('key_name', record.keyName ?? ''),
    fit('owner', record.owner),
    fit('model', record.model ?? ''),
    fit('provider', record.provider ?? ''),
    fit('route', record.route),
    record.status,
    record.outcome,
    record.stream ? 1 : 0,
    record.inputTokens,
    record.cachedTokens,
    record.cacheWriteTokens,
    record.outputTokens,
    record.reasoningTokens,
    record.costUsd,
    record.latencyMs,
    record.ttftMs,
    bucketOf(record.latencyMs),
    record.ttftMs === null ? null : bucketOf(record.ttftMs),
    record.cacheHit === null ? null : record.cacheHit ? 1 : 0,
    fit('prompt', record.prompt),
  ];
}

const orNull = (value: string | number | null | undefined): string | null => (value === null || value === undefined || value === '' ? null : String(value));
const numberOrNull = (value: string | number | null | undefined): number | null => (value === null || value === undefined ? null : Number(value));

function fromRow(row: Row): UsageRecord {
  const cacheHit = numberOrNull(row.cache_hit);
  return {
    at: Number(row.at),
    requestId: String(row.request_id),
    keyId: orNull(row.key_id),
    keyName: orNull(row.key_id) === null ? null : String(row.key_name),
    owner: String(row.owner),
    model: orNull(row.model),
    provider: orNull(row.provider),
    route: String(row.route),
    status: Number(row.status),
    outcome: String(row.outcome) as UsageOutcome,
    stream: Number(row.stream) === 1,
    inputTokens: Number(row.input_tokens),
    cachedTokens: Number(row.cached_tokens),
    cacheWriteTokens: Number(row.cache_write_tokens),
    outputTokens: Number(row.output_tokens),
    reasoningTokens: Number(row.reasoning_tokens),
    costUsd: numberOrNull(row.cost_usd),
    latencyMs: Number(row.latency_ms),
    ttftMs: numberOrNull(row.ttft_ms),
    cacheHit: cacheHit === null ? null : cacheHit === 1,
    prompt: row.prompt === null || row.prompt === undefined ? null : String(row.prompt),
  };
}

function dailyTotals(row: Row): UsageTotals {
  return {
    requests: Number(row.requests),
    errors: Number(row.errors),
    inputTokens: Number(row.input_tokens),
    cachedTokens: Number(row.cached_tokens),
    cacheWriteTokens: Number(row.cache_write_tokens),
    outputTokens: Number(row.output_tokens),
    reasoningTokens: Number(row.reasoning_tokens),
    costUsd: Number(row.cost_usd),
    unpriced: Number(row.unpriced),
    latencyMsSum: Number(row.latency_ms_sum),
    latency: decodeHistogram(String(row.latency_histogram ?? '')),
    ttftCount: Number(row.ttft_count),
    ttftMsSum: Number(row.ttft_ms_sum),
    ttft: decodeHistogram(String(row.ttft_histogram ?? '')),
  };
}
