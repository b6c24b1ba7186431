import { Histogram, addToHistogram, bucketOf, emptyHistogram } from './latency-histogram';
import type { UsageRecord } from './usage-record';

/**
 * What a group of usage records sums to: what a daily roll-up keeps of them, and what a query answers from. The
 * histograms give the percentiles; `ttftCount` counts the records that had a time to first token.
 */
export interface UsageTotals {
  requests: number;
  errors: number;
  inputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  /** the sum of the known costs */
  costUsd: number;
  /** requests whose cost was unknown */
  unpriced: number;
  latencyMsSum: number;
  latency: Histogram;
  ttftCount: number;
  ttftMsSum: number;
  ttft: Histogram;
}

export function emptyTotals(): UsageTotals {
  return {
    requests: 0,
    errors: 0,
    inputTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    costUsd: 0,
    unpriced: 0,
    latencyMsSum: 0,
    latency: emptyHistogram(),
    ttftCount: 0,
    ttftMsSum: 0,
    ttft: emptyHistogram(),
  };
}

export function addRecord(totals: UsageTotals, record: UsageRecord): void {
  totals.requests += 1;
  if (record.outcome !== 'ok') totals.errors += 1;
  totals.inputTokens += record.inputTokens;
  totals.cachedTokens += record.cachedTokens;
  totals.cacheWriteTokens += record.cacheWriteTokens;
  totals.outputTokens += record.outputTokens;
  totals.reasoningTokens += record.reasoningTokens;
  if (record.costUsd === null) totals.unpriced += 1;
  else totals.costUsd += record.costUsd;
  totals.latencyMsSum += record.latencyMs;
  totals.latency[bucketOf(record.latencyMs)] += 1;
  if (record.ttftMs !== null) {
    totals.ttftCount += 1;
    totals.ttftMsSum += record.ttftMs;
    totals.ttft[bucketOf(record.ttftMs)] += 1;
  }
}

export function mergeTotals(into: UsageTotals, from: UsageTotals): void {
  into.requests += from.requests;
  into.errors += from.errors;
  into.inputTokens += from.inputTokens;
  into.cachedTokens += from.cachedTokens;
  into.cacheWriteTokens += from.cacheWriteTokens;
  into.outputTokens += from.outputTokens;
  into.reasoningTokens += from.reasoningTokens;
  into.costUsd += from.costUsd;
  into.unpriced += from.unpriced;
  into.latencyMsSum += from.latencyMsSum;
  addToHistogram(into.latency, from.latency);
  into.ttftCount += from.ttftCount;
  into.ttftMsSum += from.ttftMsSum;
  addToHistogram(into.ttft, from.ttft);
}
