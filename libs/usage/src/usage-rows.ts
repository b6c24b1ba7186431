import { percentile } from './latency-histogram';
import type { GroupTotals } from './usage-grouping';
import type { UsageGroupBy } from './usage-query';
import type { UsageRecord } from './usage-record';
import { formatDay, formatHour, formatTime } from './usage-time';

/** '' (absent) is null on the wire. */
const orNull = (value: string): string | null => (value === '' ? null : value);
const usd = (value: number): number => Math.round(value * 1e12) / 1e12;

/** One row of GET /admin/api/usage: its group's name, then the totals (the contract the console reads). */
export function usageRow(groupBy: UsageGroupBy, { value, keyName, totals }: GroupTotals): Record<string, unknown> {
  const group: Record<string, unknown> =
    groupBy === 'key'
      ? { key_id: orNull(String(value)), key_name: orNull(keyName) }
      : groupBy === 'day'
        ? { day: formatDay(Number(value)) }
        : groupBy === 'hour'
          ? { hour: formatHour(Number(value)) }
          : { [groupBy]: orNull(String(value)) };
  const priced = totals.requests - totals.unpriced;
  return {
    ...group,
    requests: totals.requests,
    errors: totals.errors,
    input_tokens: totals.inputTokens,
    cached_tokens: totals.cachedTokens,
    cache_write_tokens: totals.cacheWriteTokens,
    output_tokens: totals.outputTokens,
    reasoning_tokens: totals.reasoningTokens,
    cost_usd: priced > 0 ? usd(totals.costUsd) : null,
    unpriced_requests: totals.unpriced,
    latency_ms_p50: percentile(totals.latency, 0.5),
    latency_ms_p95: percentile(totals.latency, 0.95),
    ttft_ms_p50: percentile(totals.ttft, 0.5),
    ttft_ms_p95: percentile(totals.ttft, 0.95),
  };
}

/** One record of GET /admin/api/requests. */
export function requestRow(record: UsageRecord): Record<string, unknown> {
  const row: Record<string, unknown> = {
    time: formatTime(record.at),
    request_id: record.requestId,
    key_id: record.keyId,
    key_name: record.keyName,
    owner: record.owner,
    model: record.model,
    provider: record.provider,
    route: record.route,
    status: record.status,
    outcome: record.outcome,
    stream: record.stream,
    input_tokens: record.inputTokens,
    cached_tokens: record.cachedTokens,
    cache_write_tokens: record.cacheWriteTokens,
    output_tokens: record.outputTokens,
    reasoning_tokens: record.reasoningTokens,
    cost_usd: record.costUsd,
    latency_ms: Math.round(record.latencyMs * 10) / 10,
    ttft_ms: record.ttftMs === null ? null : Math.round(record.ttftMs * 10) / 10,
    cache_hit: record.cacheHit,
  };
  if (record.prompt !== null) row.prompt = record.prompt;
  return row;
}
