import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrafficClock } from '../traffic-clock';
import { MemoryTokenBucketStorage } from './memory-token-bucket.storage';

class ManualClock extends TrafficClock {
  constructor(public time = 1_000_000) {
    super();
  }
  override now(): number {
    return this.time;
  }
}

// 10 requests per second (one token every 100 ms), burst 5
const TTL = 100;
const BURST = 5;

describe('MemoryTokenBucketStorage', () => {
  it('allows exactly the burst at once, then one request per refill period', async () => {
    const clock = new ManualClock();
    const storage = new MemoryTokenBucketStorage(clock);
    const outcomes: boolean[] = [];
    for (let i = 0; i < 8; i++) outcomes.push(!(await storage.increment('a', TTL, BURST)).isBlocked);
    assert.deepEqual(outcomes, [true, true, true, true, true, false, false, false]);
    clock.time += 99;
    assert.equal((await storage.increment('a', TTL, BURST)).isBlocked, true);
    clock.time += 1;
    assert.equal((await storage.increment('a', TTL, BURST)).isBlocked, false);
    assert.equal((await storage.increment('a', TTL, BURST)).isBlocked, true);
  });

  it('reports remaining tokens, time to the next token and time to a full bucket', async () => {
    const clock = new ManualClock();
    const storage = new MemoryTokenBucketStorage(clock);
    const first = await storage.increment('a', TTL, BURST);
    assert.equal(first.remaining, 4);
    assert.equal(first.resetMs, 100);
    for (let i = 0; i < 4; i++) await storage.increment('a', TTL, BURST);
    clock.time += 30;
    const denied = await storage.increment('a', TTL, BURST);
    assert.equal(denied.isBlocked, true);
    assert.equal(denied.remaining, 0);
    assert.ok(Math.abs(denied.retryAfterMs - 70) < 1e-6);
    assert.ok(Math.abs(denied.resetMs - 470) < 1e-6);
  });

  it('keeps clients apart', async () => {
    const storage = new MemoryTokenBucketStorage(new ManualClock());
    for (let i = 0; i < BURST; i++) await storage.increment('a', TTL, BURST);
    assert.equal((await storage.increment('a', TTL, BURST)).isBlocked, true);
    assert.equal((await storage.increment('b', TTL, BURST)).isBlocked, false);
  });

  it('evicts buckets idle long enough to be full again, and bounds the number of buckets', async () => {
    const clock = new ManualClock();
    const storage = new MemoryTokenBucketStorage(clock, 3);
    for (const key of ['a', 'b', 'c', 'd']) await storage.increment(key, TTL, BURST);
    assert.equal(storage.size, 3);
    clock.time += TTL * BURST;
    await storage.increment('e', TTL, BURST);
    assert.equal(storage.size, 1);
  });
});
