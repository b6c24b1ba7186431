import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageRow } from './admin-types';
import { bucketTimes, groupFilter, groupLabel, metricSeries, rangeWindow, rowTimeMs, topGroups, usageTotals } from './series';

const row = (fields: Partial<UsageRow>): UsageRow => ({
  requests: 0,
  errors: 0,
  input_tokens: 0,
  cached_tokens: 0,
  output_tokens: 0,
  reasoning_tokens: 0,
  cost_usd: 0,
  ...fields,
});

describe('usage series', () => {
  const now = Date.UTC(2026, 4, 4, 13, 7, 9);

  it('covers a day in 24 UTC hours ending with the current one, and a month in 30 days', () => {
    const day = rangeWindow('24h', now);
    const times = bucketTimes(day);
    assert.equal(times.length, 24);
    assert.equal(times[23], Date.UTC(2026, 4, 4, 13) / 1000);
    assert.equal(times[0], Date.UTC(2026, 4, 3, 14) / 1000);
    const month = bucketTimes(rangeWindow('30d', now));
    assert.equal(month.length, 30);
    assert.equal(month[29], Date.UTC(2026, 4, 4) / 1000);
    assert.equal(bucketTimes(rangeWindow('7d', now)).length, 168);
  });

  it('places hour (ISO) and day ("YYYY-MM-DD") rows at their bucket; empty buckets count zero, percentiles are gaps', () => {
    assert.equal(rowTimeMs(row({ day: '2026-05-04' })), Date.UTC(2026, 4, 4));
    const times = [Date.UTC(2026, 4, 4, 11) / 1000, Date.UTC(2026, 4, 4, 12) / 1000, Date.UTC(2026, 4, 4, 13) / 1000];
    const rows = [
      row({ hour: '2026-05-04T11:00:00.000Z', requests: 3, latency_ms_p95: 120, input_tokens: 10, output_tokens: 5 }),
      row({ hour: '2026-05-04T13:00:00Z', requests: 1, latency_ms_p95: 80, input_tokens: 1, output_tokens: 1 }),
      row({ hour: '2026-05-01T00:00:00Z', requests: 99 }),
    ];
    assert.deepEqual(metricSeries(rows, times, 'requests'), [3, 0, 1]);
    assert.deepEqual(metricSeries(rows, times, 'latency_ms_p95'), [120, null, 80]);
    assert.deepEqual(metricSeries(rows, times, 'total_tokens'), [15, 0, 2]);
  });

  it('adds rows up, and leaves the cost unknown when no row knew it', () => {
    const totals = usageTotals([row({ requests: 2, errors: 1, input_tokens: 100, cached_tokens: 40, output_tokens: 20, reasoning_tokens: 5, cost_usd: 0.001 }), row({ requests: 1, cost_usd: null })]);
    assert.deepEqual(totals, { requests: 3, errors: 1, input_tokens: 100, cached_tokens: 40, output_tokens: 20, reasoning_tokens: 5, total_tokens: 120, cost_usd: 0.001 });
    assert.equal(usageTotals([row({ cost_usd: null })]).cost_usd, null);
  });

  it('names groups and filters by them, busiest first', () => {
    const key = row({ key_id: 'key_1', key_name: 'checkout', requests: 1 });
    assert.equal(groupLabel(key, 'key'), 'checkout');
    assert.equal(groupLabel(row({ key_id: 'key_2' }), 'key'), 'key_2');
    assert.equal(groupLabel(row({}), 'model'), '(unknown)');
    assert.deepEqual(groupFilter(key, 'key'), { key_id: 'key_1' });
    assert.deepEqual(groupFilter(row({ model: 'gpt-4o-mini' }), 'model'), { model: 'gpt-4o-mini' });
    const busy = row({ model: 'b', requests: 9 });
    assert.deepEqual(topGroups([row({ model: 'a', requests: 1 }), busy], 1), [busy]);
  });
});
