import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EndedRequest, GatewayEvents } from '@latticelm/api';
import { MemoryUsageStore } from './memory-usage.store';
import { UsageLog } from './usage-log';
import type { UsageRecord } from './usage-record';

/** The memory store, made to fail on demand and to count its writes. */
class FlakyStore extends MemoryUsageStore {
  down = false;
  writes: number[] = [];

  constructor() {
    super({ retentionMs: 86_400_000, rollupRetentionMs: 86_400_000, maxRecentRecords: 100_000 });
  }

  override async insert(records: readonly UsageRecord[]): Promise<void> {
    if (this.down) throw new Error('connection refused');
    this.writes.push(records.length);
    await super.insert(records);
  }
}

function request(id: number): EndedRequest {
  return { scope: { requestId: `req-${id}` }, route: 'POST /v1/responses', status: 200, stream: false, latencyMs: 1, startedAt: 0, requestedModel: 'm', body: undefined };
}

function setup(options: { batchSize?: number; maxBuffered?: number } = {}) {
  const store = new FlakyStore();
  const events = new GatewayEvents();
  const flushed: { records: number; ok: boolean }[] = [];
  let dropped = 0;
  events.on('usage.flushed', ({ records, ok }) => flushed.push({ records, ok }));
  events.on('usage.dropped', ({ records }) => (dropped += records));
  const timers: (() => void)[] = [];
  const clock = { now: () => 1_767_225_600_000, timer: (_ms: number, fire: () => void) => (timers.push(fire), { refresh: () => undefined, cancel: () => undefined }) };
  const log = new UsageLog(store, { flushIntervalMs: 1000, batchSize: options.batchSize ?? 3, maxBuffered: options.maxBuffered ?? 10, includePrompts: false, promptMaxChars: 100 }, clock, events);
  return { store, log, flushed, dropped: () => dropped, fireTimer: () => timers.forEach((fire) => fire()) };
}

const ids = async (store: MemoryUsageStore) => (await store.recent({ limit: 1000, filters: {} })).map((record) => record.requestId).reverse();

describe('the usage log buffer', () => {
  it('writes nothing per request; one multi-row write per batch when flushed, in order', async () => {
    const { store, log, flushed } = setup({ batchSize: 3 });
    for (let id = 0; id < 2; id++) log.record(request(id));
    assert.deepEqual(store.writes, [], 'below a batch, nothing is written until the timer');
    for (let id = 2; id < 7; id++) log.record(request(id));
    await log.flush();
    assert.deepEqual(store.writes, [3, 3, 1]);
    assert.deepEqual(await ids(store), ['req-0', 'req-1', 'req-2', 'req-3', 'req-4', 'req-5', 'req-6']);
    assert.deepEqual(flushed, [{ records: 3, ok: true }, { records: 3, ok: true }, { records: 1, ok: true }]);
  });

  it('flushes on its timer, and a full batch on its own without waiting for it', async () => {
    const { store, log, fireTimer } = setup({ batchSize: 3 });
    log.start();
    log.record(request(1));
    fireTimer();
    await log.flush();
    assert.deepEqual(store.writes, [1]);
    for (let id = 2; id < 5; id++) log.record(request(id));
    await new Promise((resolve) => setImmediate(resolve));
    await log.flush();
    assert.deepEqual(store.writes, [1, 3]);
    await log.stop();
  });

  it('keeps records while the store is down, drops the oldest past max_buffered and counts them, then catches up', async () => {
    const { store, log, flushed, dropped } = setup({ batchSize: 2, maxBuffered: 5 });
    store.down = true;
    for (let id = 0; id < 4; id++) log.record(request(id));
    await log.flush();
    assert.equal(log.buffered, 4, 'a failed write loses nothing');
    assert.deepEqual(flushed, [{ records: 2, ok: false }]);
    for (let id = 4; id < 8; id++) log.record(request(id));
    assert.equal(log.buffered, 5);
    assert.equal(dropped(), 3);
    store.down = false;
    await log.flush();
    assert.equal(log.buffered, 0);
    assert.deepEqual(await ids(store), ['req-3', 'req-4', 'req-5', 'req-6', 'req-7']);
  });

  it('writes what is left when stopped (the shutdown drain), and says when n records were recorded', async () => {
    const { store, log } = setup({ batchSize: 100 });
    const seen = log.recorded(2);
    log.record(request(1));
    log.record(request(2));
    await seen;
    await log.stop();
    assert.deepEqual(store.writes, [2]);
  });
});
