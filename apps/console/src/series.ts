import type { UsageRow } from './admin-types';

/** Usage rows (the usage log's buckets) → aligned chart columns. Pure: unit-tested in series.spec.ts. */

export type Bucket = 'hour' | 'day';
export type Range = '24h' | '7d' | '30d';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Span {
  fromMs: number;
  toMs: number;
  bucket: Bucket;
}

/** The dashboard's ranges: a day and a week in hours, a month in days. */
export function rangeWindow(range: Range, nowMs: number): Span {
  switch (range) {
    case '24h':
      return { fromMs: bucketStart(nowMs - DAY + HOUR, 'hour'), toMs: nowMs, bucket: 'hour' };
    case '7d':
      return { fromMs: bucketStart(nowMs - 7 * DAY + HOUR, 'hour'), toMs: nowMs, bucket: 'hour' };
    case '30d':
      return { fromMs: bucketStart(nowMs - 30 * DAY + DAY, 'day'), toMs: nowMs, bucket: 'day' };
  }
}

/** The UTC hour or day a time falls in. */
export function bucketStart(ms: number, bucket: Bucket): number {
  const size = bucket === 'hour' ? HOUR : DAY;
  return Math.floor(ms / size) * size;
}

/** Every bucket from the one holding `fromMs` to the one holding `toMs`, in Unix seconds (uPlot's x values). */
export function bucketTimes({ fromMs, toMs, bucket }: Span): number[] {
  const size = bucket === 'hour' ? HOUR : DAY;
  const times: number[] = [];
  for (let at = bucketStart(fromMs, bucket); at <= toMs; at += size) times.push(at / 1000);
  return times;
}

/** A row's bucket in epoch milliseconds: `hour` is ISO 8601, `day` is "YYYY-MM-DD" (UTC). */
export function rowTimeMs(row: UsageRow): number {
  if (row.hour) return Date.parse(row.hour);
  if (row.day) return Date.parse(`${row.day}T00:00:00Z`);
  return Number.NaN;
}

export type Metric = keyof Pick<
  UsageRow,
  | 'requests'
  | 'errors'
  | 'input_tokens'
  | 'cached_tokens'
  | 'output_tokens'
  | 'reasoning_tokens'
  | 'cost_usd'
  | 'latency_ms_p50'
  | 'latency_ms_p95'
  | 'ttft_ms_p50'
  | 'ttft_ms_p95'
> | 'total_tokens';

/** Percentiles of an empty bucket are unknown (a gap in the line); counts and money of one are zero. */
const PERCENTILES: ReadonlySet<Metric> = new Set(['latency_ms_p50', 'latency_ms_p95', 'ttft_ms_p50', 'ttft_ms_p95']);

/** Cached tokens are part of input_tokens and reasoning part of output_tokens, as in the Open Responses usage. */
export function metricOf(row: UsageRow, metric: Metric): number | null {
  if (metric === 'total_tokens') return (row.input_tokens ?? 0) + (row.output_tokens ?? 0);
  const value = row[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** One value per bucket time, rows placed by their bucket (rows outside the window are left out). */
export function metricSeries(rows: readonly UsageRow[], times: readonly number[], metric: Metric): (number | null)[] {
  const byTime = new Map<number, UsageRow>();
  for (const row of rows) byTime.set(rowTimeMs(row) / 1000, row);
  const empty = PERCENTILES.has(metric) ? null : 0;
  return times.map((time) => {
    const row = byTime.get(time);
    return row ? (metricOf(row, metric) ?? empty) : empty;
  });
}

export interface UsageTotals {
  requests: number;
  errors: number;
  input_tokens: number;
  cached_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  total_tokens: number;
  /** null when no row had a known cost */
  cost_usd: number | null;
}

/** The sums over rows; percentiles do not add up, so they are not here. */
export function usageTotals(rows: readonly UsageRow[]): UsageTotals {
  const totals: UsageTotals = { requests: 0, errors: 0, input_tokens: 0, cached_tokens: 0, output_tokens: 0, reasoning_tokens: 0, total_tokens: 0, cost_usd: null };
  for (const row of rows) {
    totals.requests += row.requests ?? 0;
    totals.errors += row.errors ?? 0;
    totals.input_tokens += row.input_tokens ?? 0;
    totals.cached_tokens += row.cached_tokens ?? 0;
    totals.output_tokens += row.output_tokens ?? 0;
    totals.reasoning_tokens += row.reasoning_tokens ?? 0;
    if (typeof row.cost_usd === 'number') totals.cost_usd = (totals.cost_usd ?? 0) + row.cost_usd;
  }
  totals.total_tokens = totals.input_tokens + totals.output_tokens;
  return totals;
}

export type Split = 'model' | 'provider' | 'key';

/** The name a grouped row stands for: a key's name (its id when unnamed), or the model, provider or owner. */
export function groupLabel(row: UsageRow, group: Split | 'owner'): string {
  switch (group) {
    case 'key':
      return row.key_name || row.key_id || '(no key)';
    case 'model':
      return row.model || '(unknown)';
    case 'provider':
      return row.provider || '(unknown)';
    case 'owner':
      return row.owner || '(none)';
  }
}

/** The filter that selects one group's rows in a usage query (`key_id` for a key). */
export function groupFilter(row: UsageRow, group: Split): Record<string, string> {
  switch (group) {
    case 'key':
      return row.key_id ? { key_id: row.key_id } : {};
    case 'model':
      return row.model ? { model: row.model } : {};
    case 'provider':
      return row.provider ? { provider: row.provider } : {};
  }
}

/** The groups with the most requests first, at most `limit` of them (a chart with twenty lines says nothing). */
export function topGroups(rows: readonly UsageRow[], limit: number): UsageRow[] {
  return [...rows].sort((a, b) => (b.requests ?? 0) - (a.requests ?? 0)).slice(0, limit);
}
