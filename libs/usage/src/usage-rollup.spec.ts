import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildUsageRecord } from './build-usage-record';
import { UsageGrouping } from './usage-grouping';
import type { UsageQuery } from './usage-query';
import type { UsageRecord } from './usage-record';
import { requestRow, usageRow } from './usage-rows';
import { groupId, groupSlice, parseGroupId, sliceRecords, slicePlan } from './usage-slices';
import { DAY_MS, HOUR_MS } from './usage-time';
import { addRecord, emptyTotals, mergeTotals } from './usage-totals';

const T0 = Date.parse('2026-03-10T00:00:00Z');

/** a record as the request path builds it, then changed as each test needs */
function record(overrides: Partial<UsageRecord> = {}): UsageRecord {
  const scope = {
    requestId: 'req-1',
    apiKey: { id: 'key_a', name: 'checkout' },
    caller: 'team-a',
    model: 'gpt-4o-mini',
    provider: 'openai',
    usage: { inputTokens: 100, cachedTokens: 40, cacheWriteTokens: 5, outputTokens: 20, reasoningTokens: 8 },
    costUsd: 0.001,
  };
  return { ...buildUsageRecord({ scope, route: 'POST /v1/responses', status: 200, stream: false, latencyMs: 120, startedAt: 0, requestedModel: undefined, body: undefined }, T0 + 3_600_000, 0), ...overrides };
}

describe('roll-up totals', () => {
  it('sum every kind of token, errors, known cost and the unpriced, with latency and ttft histograms', () => {
    const totals = emptyTotals();
    addRecord(totals, record());
    addRecord(totals, record({ outcome: 'stream_failed', stream: true, ttftMs: 30, costUsd: null, latencyMs: 900 }));
    addRecord(totals, record({ status: 429, outcome: 'error', inputTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, outputTokens: 0, reasoningTokens: 0, costUsd: 0, latencyMs: 2 }));
    assert.equal(totals.requests, 3);
    assert.equal(totals.errors, 2);
    assert.deepEqual([totals.inputTokens, totals.cachedTokens, totals.cacheWriteTokens, totals.outputTokens, totals.reasoningTokens], [200, 80, 10, 40, 16]);
    assert.equal(totals.costUsd, 0.001);
    assert.equal(totals.unpriced, 1);
    assert.equal(totals.latencyMsSum, 1022);
    assert.equal(totals.latency.reduce((a, b) => a + b), 3);
    assert.equal(totals.ttftCount, 1);
    assert.equal(totals.ttft.reduce((a, b) => a + b), 1);
  });

  it('merged totals equal the totals of all the records', () => {
    const records = [record(), record({ latencyMs: 5, ttftMs: 3 }), record({ latencyMs: 4000, costUsd: null })];
    const all = emptyTotals();
    for (const r of records) addRecord(all, r);
    const left = emptyTotals();
    const right = emptyTotals();
    addRecord(left, records[0]);
    for (const r of records.slice(1)) addRecord(right, r);
    mergeTotals(left, right);
    assert.deepEqual(left, all);
  });
});

describe('slices and the query plan', () => {
  it('groups records by hour or day and by their key, owner, model and provider', () => {
    const records = [record(), record({ at: T0 + 3_600_000 + 10 }), record({ at: T0 + 2 * 3_600_000 }), record({ owner: 'team-b' }), record({ at: T0 + DAY_MS })];
    const hours = sliceRecords(records, 'hour');
    assert.deepEqual([...hours.keys()], [T0 / HOUR_MS + 1, T0 / HOUR_MS + 2, T0 / HOUR_MS + 24]);
    assert.equal(hours.get(T0 / HOUR_MS + 1)?.size, 2, 'team-a and team-b');
    const days = sliceRecords(records, 'day');
    assert.equal(days.get(T0 / DAY_MS)?.get(groupId({ keyId: 'key_a', keyName: 'checkout', owner: 'team-a', model: 'gpt-4o-mini', provider: 'openai' }))?.totals.requests, 3);
    const key = { keyId: '', keyName: '', owner: 'a|b\u001f"c', model: '', provider: '' };
    assert.deepEqual(parseGroupId(groupId(key)), key);
  });

  it('reads hours from the first raw day on and days before it, never both for one day', () => {
    const now = T0 + 10 * DAY_MS + 5 * HOUR_MS;
    const retention = 7 * DAY_MS;
    const query = (from: number, to: number, groupBy: UsageQuery['groupBy'] = 'day'): UsageQuery => ({ groupBy, from, to, filters: {} });
    // the first raw day is 10 - 7 = day 3 after T0 (the retention reaches back into it)
    assert.deepEqual(slicePlan(query(T0, now), now, retention), { hours: [(T0 + 3 * DAY_MS) / HOUR_MS, now / HOUR_MS - 1], days: [T0 / DAY_MS, T0 / DAY_MS + 2] });
    assert.deepEqual(slicePlan(query(T0 + 5 * DAY_MS, now), now, retention), { hours: [(T0 + 5 * DAY_MS) / HOUR_MS, now / HOUR_MS - 1] });
    assert.deepEqual(slicePlan(query(T0, T0 + DAY_MS), now, retention), { days: [T0 / DAY_MS, T0 / DAY_MS] });
    assert.deepEqual(slicePlan(query(T0, now, 'hour'), now, retention), { hours: [(T0 + 3 * DAY_MS) / HOUR_MS, now / HOUR_MS - 1] }, 'hours have no roll-up');
  });

  it('groups a slice by the asked dimension, applying the filters', () => {
    const q: UsageQuery = { groupBy: 'owner', from: 0, to: 1, filters: { model: 'gpt-4o-mini' } };
    const grouping = new UsageGrouping('owner');
    const slices = sliceRecords([record(), record({ owner: 'team-b' }), record({ owner: 'team-b' }), record({ owner: 'team-c', model: 'other' })], 'day');
    for (const [slice, groups] of slices) groupSlice(q, grouping, 'day', slice, groups.values());
    assert.deepEqual(grouping.result().map((group) => [group.value, group.totals.requests]), [['team-b', 2], ['team-a', 1]]);
  });
});

describe('answer rows', () => {
  it('name their group and carry the totals, percentiles and a cost only when one is known', () => {
    const totals = emptyTotals();
    addRecord(totals, record({ stream: true, ttftMs: 40 }));
    addRecord(totals, record({ costUsd: 0.0020000000001 }));
    const row = usageRow('key', { value: 'key_a', keyName: 'checkout', totals });
    assert.deepEqual(Object.keys(row), [
      'key_id', 'key_name', 'requests', 'errors', 'input_tokens', 'cached_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens',
      'cost_usd', 'unpriced_requests', 'latency_ms_p50', 'latency_ms_p95', 'ttft_ms_p50', 'ttft_ms_p95',
    ]);
    assert.equal(row.cost_usd, 0.003);
    assert.ok(Math.abs(Number(row.latency_ms_p50) - 120) / 120 < 0.19);
    assert.ok(Math.abs(Number(row.ttft_ms_p95) - 40) / 40 < 0.19, "within its bucket");
    assert.deepEqual(usageRow('key', { value: '', keyName: '', totals }).key_id, null);
    assert.deepEqual(usageRow('day', { value: T0 / DAY_MS, keyName: '', totals }).day, '2026-03-10');
    assert.deepEqual(usageRow('hour', { value: T0 / HOUR_MS + 13, keyName: '', totals }).hour, '2026-03-10T13:00:00Z');
    assert.equal(usageRow('provider', { value: '', keyName: '', totals }).provider, null);
    const unpriced = emptyTotals();
    addRecord(unpriced, record({ costUsd: null }));
    const noCost = usageRow('model', { value: 'm', keyName: '', totals: unpriced });
    assert.equal(noCost.cost_usd, null);
    assert.equal(noCost.ttft_ms_p50, null);
  });

  it('render a record with its time in ISO 8601 and its prompt only when kept', () => {
    const row = requestRow(record({ latencyMs: 12.345, ttftMs: 3.21 }));
    assert.equal(row.time, '2026-03-10T01:00:00.000Z');
    assert.equal(row.latency_ms, 12.3);
    assert.equal(row.ttft_ms, 3.2);
    assert.equal('prompt' in row, false);
    assert.equal(requestRow(record({ prompt: 'hi' })).prompt, 'hi');
  });
});
