import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConversationStore } from '@latticelm/conversations';
import { UsageQuery, UsageRecord, UsageRetention, UsageStore, buildUsageRecord, emptyTotals, usageStoreFor } from '@latticelm/usage';
import { STORE_FIXTURES } from '../conversations/store-fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const RETENTION: UsageRetention = { retentionMs: 3 * DAY, rollupRetentionMs: 10 * DAY, maxRecentRecords: 10_000 };

let sequence = 0;
/** a request as the gateway records it (the builder the request path uses), then changed as the test needs */
function record(overrides: Partial<UsageRecord> = {}): UsageRecord {
  const scope = {
    requestId: `req-${++sequence}`,
    apiKey: { id: 'key_a', name: 'checkout' },
    caller: 'team-a',
    model: 'gpt-4o-mini',
    provider: 'openai',
    usage: { inputTokens: 100, cachedTokens: 40, cacheWriteTokens: 5, outputTokens: 20, reasoningTokens: 8 },
    costUsd: 0.00125,
  };
  const ended = { scope, route: 'POST /v1/responses', status: 200, stream: false, latencyMs: 120.5, startedAt: 0, requestedModel: undefined, body: undefined };
  return { ...buildUsageRecord(ended, T0 + HOUR, 0), ...overrides };
}

const query = (groupBy: UsageQuery['groupBy'], from: number, to: number, filters: UsageQuery['filters'] = {}): UsageQuery => ({ groupBy, from, to, filters });

/** the totals of records as a plain object, for comparing with a store's answer */
function expected(records: UsageRecord[]) {
  const sum = (pick: (r: UsageRecord) => number) => records.reduce((total, r) => total + pick(r), 0);
  return {
    requests: records.length,
    errors: records.filter((r) => r.outcome !== 'ok').length,
    inputTokens: sum((r) => r.inputTokens),
    cachedTokens: sum((r) => r.cachedTokens),
    cacheWriteTokens: sum((r) => r.cacheWriteTokens),
    outputTokens: sum((r) => r.outputTokens),
    reasoningTokens: sum((r) => r.reasoningTokens),
    costUsd: Math.round(sum((r) => r.costUsd ?? 0) * 1e9) / 1e9,
    unpriced: records.filter((r) => r.costUsd === null).length,
    ttftCount: records.filter((r) => r.ttftMs !== null).length,
  };
}

async function totalsBy(store: UsageStore, q: UsageQuery, now: number) {
  const groups = await store.summarize(q, now);
  return Object.fromEntries(
    groups.map(({ value, totals }) => [
      String(value),
      {
        requests: totals.requests,
        errors: totals.errors,
        inputTokens: totals.inputTokens,
        cachedTokens: totals.cachedTokens,
        cacheWriteTokens: totals.cacheWriteTokens,
        outputTokens: totals.outputTokens,
        reasoningTokens: totals.reasoningTokens,
        costUsd: Math.round(totals.costUsd * 1e9) / 1e9,
        unpriced: totals.unpriced,
        ttftCount: totals.ttftCount,
      },
    ]),
  );
}

/** The same histogram counts as the records would give (the percentiles' input). */
function latencyCount(groups: Awaited<ReturnType<UsageStore['summarize']>>): number {
  const all = emptyTotals();
  for (const { totals } of groups) for (let i = 0; i < all.latency.length; i++) all.latency[i] += totals.latency[i];
  return all.latency.reduce((a, b) => a + b, 0);
}

// One contract for every backing store; each on the connection its conversation store opened (a fresh namespace).
for (const makeFixture of STORE_FIXTURES) {
  const fixture = makeFixture();

  describe(`usage store contract: ${fixture.name}`, async () => {
    const skip = await fixture.prepare();
    let conversations: ConversationStore | undefined;
    let store: UsageStore;
    before(async () => {
      if (skip) return;
      conversations = await fixture.open(() => Date.now());
    });
    after(async () => {
      if (skip) return;
      await conversations?.close();
      await fixture.cleanup();
    });
    /** each test gets its own store over a fresh stretch of time, so tests do not see each other's records */
    let epoch = 0;
    const fresh = () => {
      store = usageStoreFor(conversations!, RETENTION);
      epoch += 1;
      return T0 + epoch * 400 * DAY;
    };

    it('keeps each record whole and lists them newest first, filtered by key, owner, model, provider and status', { skip }, async () => {
      const start = fresh();
      const records = [
        record({ at: start + 1000, prompt: 'Grüße, «prompt» ✓', cacheHit: true, stream: true, ttftMs: 33.25 }),
        record({ at: start + 2000, keyId: null, keyName: null, owner: 'alice', model: null, provider: null, status: 404, outcome: 'error', costUsd: 0, inputTokens: 0 }),
        record({ at: start + 3000, owner: 'team-b', model: 'claude-sonnet-4-6', provider: 'anthropic', outcome: 'stream_failed', stream: true, costUsd: null, cacheHit: false }),
        record({ at: start + 4000, status: 429, outcome: 'error', route: 'POST /v1/chat/completions' }),
        record({ at: start + 5000, status: 499, outcome: 'client_closed', route: 'WS /v1/responses' }),
      ];
      await store.insert(records);
      const newest = await store.recent({ limit: 100, filters: {} });
      assert.deepEqual(newest.slice(0, 5), [...records].reverse());
      const ids = async (q: Parameters<UsageStore['recent']>[0]) => (await store.recent(q)).map((r) => r.requestId);
      assert.deepEqual(await ids({ limit: 2, filters: {} }), [records[4].requestId, records[3].requestId]);
      assert.deepEqual(await ids({ limit: 10, filters: {}, before: start + 3000 }), [records[1].requestId, records[0].requestId]);
      assert.deepEqual(await ids({ limit: 10, filters: { owner: 'team-b' } }), [records[2].requestId]);
      assert.deepEqual(await ids({ limit: 10, filters: { provider: 'anthropic', model: 'claude-sonnet-4-6' } }), [records[2].requestId]);
      assert.deepEqual(await ids({ limit: 10, filters: {}, status: 429 }), [records[3].requestId]);
      assert.deepEqual(await ids({ limit: 10, filters: {}, status: 'error', before: start + 10_000 }), [records[3].requestId, records[1].requestId]);
      assert.deepEqual((await ids({ limit: 10, filters: { keyId: 'key_a' }, before: start + 10_000 })).length, 4);
    });

    it('sums raw records by key, owner, model, provider, day and hour', { skip }, async () => {
      const start = fresh();
      const records = [
        record({ at: start + HOUR }),
        record({ at: start + HOUR + 5, keyId: 'key_b', keyName: 'batch', stream: true, ttftMs: 12 }),
        record({ at: start + 2 * HOUR, owner: 'team-b', model: 'claude-sonnet-4-6', provider: 'anthropic', costUsd: null, outcome: 'stream_failed' }),
        record({ at: start + DAY + HOUR, keyId: null, keyName: null, owner: 'alice', status: 500, outcome: 'error' }),
      ];
      await store.insert(records);
      const now = start + DAY + 2 * HOUR;
      const range = [start, now] as const;
      assert.deepEqual(await totalsBy(store, query('key', ...range), now), {
        key_a: expected([records[0], records[2]]),
        key_b: expected([records[1]]),
        '': expected([records[3]]),
      });
      const keys = await store.summarize(query('key', ...range), now);
      assert.deepEqual(Object.fromEntries(keys.map((g) => [g.value, g.keyName])), { key_a: 'checkout', key_b: 'batch', '': '' });
      assert.deepEqual(await totalsBy(store, query('owner', ...range), now), { 'team-a': expected(records.slice(0, 2)), 'team-b': expected([records[2]]), alice: expected([records[3]]) });
      assert.deepEqual(Object.keys(await totalsBy(store, query('model', ...range), now)).sort(), ['claude-sonnet-4-6', 'gpt-4o-mini']);
      assert.deepEqual(await totalsBy(store, query('provider', ...range, { owner: 'team-a' }), now), { openai: expected(records.slice(0, 2)) });
      const firstDay = Math.floor(start / DAY);
      assert.deepEqual(await totalsBy(store, query('day', ...range), now), { [firstDay]: expected(records.slice(0, 3)), [firstDay + 1]: expected([records[3]]) });
      const firstHour = Math.floor(start / HOUR);
      assert.deepEqual(Object.keys(await totalsBy(store, query('hour', ...range), now)), [String(firstHour + 1), String(firstHour + 2), String(firstHour + 25)]);
      assert.deepEqual(await totalsBy(store, query('day', start + 2 * HOUR, now, { keyId: 'key_a' }), now), { [firstDay]: expected([records[2]]) }, 'from cuts at the hour');
      assert.equal(latencyCount(await store.summarize(query('owner', ...range), now)), 4);
    });

    it('rolls up what passed the retention and counts every request once, before, during and after the roll-up', { skip }, async () => {
      const start = fresh();
      const records: UsageRecord[] = [];
      for (let day = 0; day < 6; day++) {
        for (let n = 0; n < 3; n++) records.push(record({ at: start + day * DAY + n * HOUR + 1, owner: n === 2 ? 'team-b' : 'team-a', latencyMs: 10 * (n + 1), ttftMs: n === 0 ? 5 : null }));
      }
      await store.insert(records);
      const now = start + 5 * DAY + 12 * HOUR;
      const all = query('owner', start, now);
      const before = await totalsBy(store, all, now);
      assert.deepEqual(before, { 'team-a': expected(records.filter((r) => r.owner === 'team-a')), 'team-b': expected(records.filter((r) => r.owner === 'team-b')) });
      const raw = (await store.size()).records;
      await store.maintain(now);
      const rolled = await store.size();
      assert.ok(rolled.records < raw && rolled.rollups > 0, `rolled up: ${JSON.stringify(rolled)} (${raw} raw before)`);
      assert.deepEqual(await totalsBy(store, all, now), before, 'the same totals from roll-ups and raw records');
      await store.maintain(now);
      assert.deepEqual(await totalsBy(store, all, now), before, 'a second run changes nothing');
      const byDay = await totalsBy(store, query('day', start, now), now);
      assert.deepEqual(Object.keys(byDay).length, 6);
      for (const total of Object.values(byDay)) assert.equal(total.requests, 3);
      assert.equal(latencyCount(await store.summarize(all, now)), 18, 'histograms survive the roll-up');
      // raw records past the retention are gone (SQL keeps whole days, so up to a day more); their days remain as roll-ups
      const recent = await store.recent({ limit: 100, filters: {} });
      const firstRawDayStart = Math.floor((now - RETENTION.retentionMs) / DAY) * DAY;
      assert.ok(recent.every((r) => r.at >= firstRawDayStart), 'no raw record past the retention');
      assert.ok(recent.length >= 9);
      // hours have no roll-up: group_by=hour answers the retention only
      const hours = await totalsBy(store, query('hour', start, now), now);
      assert.ok(Object.keys(hours).every((hour) => Number(hour) * HOUR >= now - RETENTION.retentionMs - DAY));
    });

    it('replicas rolling up at once count each request once', { skip }, async () => {
      const start = fresh();
      const records = Array.from({ length: 40 }, (_, n) => record({ at: start + Math.floor(n / 10) * DAY + n * 1000 }));
      await store.insert(records);
      const now = start + 8 * DAY;
      const replicas = [store, usageStoreFor(conversations!, RETENTION), usageStoreFor(conversations!, RETENTION)];
      await Promise.all(replicas.map((replica) => replica.maintain(now)));
      await Promise.all(replicas.map((replica) => replica.maintain(now + HOUR)));
      const totals = await totalsBy(store, query('key', start, now), now + HOUR);
      assert.deepEqual(totals, { key_a: expected(records) });
    });

    it('stays bounded over two months of simulated days: raw records by the retention, roll-ups by theirs', { skip }, async () => {
      const start = fresh();
      const perDay = 24;
      const groups = 4;
      let maxRecords = 0;
      let maxRollups = 0;
      for (let day = 0; day < 60; day++) {
        const batch = Array.from({ length: perDay }, (_, n) => record({ at: start + day * DAY + n * HOUR + 7, owner: `team-${n % groups}` }));
        await store.insert(batch);
        const now = start + (day + 1) * DAY;
        await store.maintain(now);
        const size = await store.size();
        maxRecords = Math.max(maxRecords, size.records);
        maxRollups = Math.max(maxRollups, size.rollups);
      }
      const rawDays = RETENTION.retentionMs / DAY + 1;
      const rollupDays = RETENTION.rollupRetentionMs / DAY + 1;
      assert.ok(maxRecords <= rawDays * perDay, `${maxRecords} raw records kept, at most ${rawDays} days' worth`);
      // memory and Redis count their hourly slices (one per hour and group within the retention) too
      const hourly = fixture.name === 'memory' || fixture.name === 'redis' ? rawDays * perDay : 0;
      assert.ok(maxRollups <= rollupDays * groups + hourly, `${maxRollups} roll-up rows kept`);
      const now = start + 60 * DAY;
      const kept = await totalsBy(store, query('day', start, now), now);
      assert.equal(Object.keys(kept).length, RETENTION.rollupRetentionMs / DAY, 'the days within the roll-up retention, and no older one');
      assert.ok(Object.keys(kept).every((day) => Number(day) >= Math.floor((now - RETENTION.rollupRetentionMs) / DAY)));
    });
  });
}
