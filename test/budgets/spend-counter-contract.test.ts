import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Redis from 'ioredis';
import { MemorySpendCounter, RedisSpendCounter, SpendCounter, SpendCounterKey, SqlSpendJournal, periodWindow, recordingKeys } from '@latticelm/budgets';
import type { ConversationStore } from '@latticelm/conversations';
import { runName, serviceSkipReason } from '../conversations/service-availability';
import { mariadbFixture, postgresFixture, sqliteFixture } from '../conversations/store-fixtures';

const NOW = Date.parse('2026-01-31T23:00:00Z');
const REDIS_URL = 'redis://127.0.0.1:6379';

interface CounterFixture {
  name: string;
  prepare(): Promise<string | undefined>;
  open(now: () => number): SpendCounter;
  cleanup(): Promise<void>;
}

const memory: CounterFixture = {
  name: 'memory',
  prepare: async () => undefined,
  open: (now) => new MemorySpendCounter(now),
  cleanup: async () => undefined,
};

function redisCounters(): CounterFixture & { prefix: string } {
  const prefix = `${runName('spend')}:`;
  const opened: RedisSpendCounter[] = [];
  return {
    name: 'redis',
    prefix,
    prepare: () => serviceSkipReason('Redis', '127.0.0.1', 6379),
    open: (now) => {
      const counter = new RedisSpendCounter(new Redis(REDIS_URL), prefix, now);
      opened.push(counter);
      return counter;
    },
    cleanup: async () => {
      await Promise.all(opened.map((counter) => counter.close()));
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}

const redis = redisCounters();

for (const fixture of [memory, redis]) {
  describe(`spend counter contract: ${fixture.name}`, async () => {
    const skip = await fixture.prepare();
    let counter: SpendCounter;
    before(() => {
      if (!skip) counter = fixture.open(() => NOW);
    });
    after(async () => {
      if (!skip) await fixture.cleanup();
    });

    it('reads 0 for a counter never added to, and each counter of an addition back in order', { skip }, async () => {
      const keys = recordingKeys([{ scope: 'key', id: `key_${fixture.name}_a` }, { scope: 'owner', id: 'team a:b' }], NOW);
      assert.deepEqual(await counter.read(keys), [0, 0, 0, 0, 0, 0]);
      await counter.add(keys, 6000);
      await counter.add(keys.slice(3), 1500);
      assert.deepEqual(await counter.read(keys), [6000, 6000, 6000, 7500, 7500, 7500]);
      assert.deepEqual(await counter.read([]), []);
    });

    it('keeps each period apart: the next day starts at 0, the month and total go on', { skip }, async () => {
      const subject = { scope: 'key' as const, id: `key_${fixture.name}_periods` };
      await counter.add(recordingKeys([subject], NOW), 10);
      const tomorrow = recordingKeys([subject], NOW + 3_600_000);
      await counter.add(tomorrow, 5);
      // 2026-02-01: a new day and a new month
      assert.deepEqual(await counter.read(tomorrow), [5, 5, 15]);
      assert.deepEqual(await counter.read(recordingKeys([subject], NOW)), [10, 10, 15]);
    });

    it('adds 400 concurrent recordings exactly', { skip }, async () => {
      const keys = recordingKeys([{ scope: 'key', id: `key_${fixture.name}_busy` }], NOW);
      await Promise.all(Array.from({ length: 400 }, (_, i) => counter.add(keys, 1000 + (i % 7))));
      const expected = Array.from({ length: 400 }, (_, i) => 1000 + (i % 7)).reduce((sum, value) => sum + value, 0);
      assert.deepEqual(await counter.read(keys), [expected, expected, expected]);
    });

    it('stores values beyond 2^32 nano-USD (more than $4.29) exactly', { skip }, async () => {
      const keys = recordingKeys([{ scope: 'owner', id: `big_${fixture.name}` }], NOW);
      await counter.add(keys, 123_456_789_012_345);
      await counter.add(keys, 1);
      assert.deepEqual(await counter.read(keys), [123_456_789_012_346, 123_456_789_012_346, 123_456_789_012_346]);
    });
  });
}

describe('spend counters shared through Redis', async () => {
  const skip = await redis.prepare();
  const shared = redisCounters();
  after(async () => {
    if (!skip) await shared.cleanup();
  });

  it('are one counter for every replica, however they interleave', { skip }, async () => {
    const replicas = [shared.open(() => NOW), shared.open(() => NOW)];
    const keys = recordingKeys([{ scope: 'key', id: 'key_shared' }], NOW);
    await Promise.all(Array.from({ length: 300 }, (_, i) => replicas[i % 2].add(keys, 7)));
    assert.deepEqual(await replicas[0].read(keys), [2100, 2100, 2100]);
    assert.deepEqual(await replicas[1].read(keys), [2100, 2100, 2100]);
  });

  it("expire a day after their period ended, by the gateway's clock; total never", { skip }, async () => {
    const counter = shared.open(() => NOW);
    const keys = recordingKeys([{ scope: 'key', id: 'key_ttl' }], NOW);
    await counter.add(keys, 1);
    const client = new Redis(REDIS_URL);
    try {
      const [day, month, total] = await Promise.all(keys.map((key) => client.pttl(`${shared.prefix}spend:${key.period}:key:key_ttl`)));
      const dayLeft = (keys[0].expiresAt as number) - NOW;
      assert.ok(day <= dayLeft && day > dayLeft - 60_000, `day ttl ${day}`);
      assert.equal(dayLeft, 3_600_000 + 86_400_000, 'the day ends in an hour, then kept a day');
      assert.ok(month <= (keys[1].expiresAt as number) - NOW && month > 0);
      assert.equal(total, -1, 'no expiry');
    } finally {
      await client.quit();
    }
  });

  it('lets requests through when Redis does not answer', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    unreachable.on('error', () => undefined);
    const counter = new RedisSpendCounter(unreachable, 'x:', () => NOW);
    const keys = recordingKeys([{ scope: 'key', id: 'key_down' }], NOW);
    assert.deepEqual(await counter.read(keys), [0, 0, 0]);
    await counter.add(keys, 5);
    await counter.close();
  });
});

describe('memory spend counters', () => {
  it('forget a period once it is over and kept for a day', async () => {
    const start = Date.parse('2026-01-15T12:00:00Z');
    let now = start;
    const counter = new MemorySpendCounter(() => now);
    const keys = recordingKeys([{ scope: 'key', id: 'key_old' }], start);
    await counter.add(keys, 9);
    now = (keys[0].expiresAt as number) - 1;
    assert.deepEqual(await counter.read(keys), [9, 9, 9]);
    now += 1;
    assert.deepEqual(await counter.read(keys), [0, 9, 9]);
  });
});

// The journal writes on the conversations' SQL connection: one suite per database.
for (const makeFixture of [sqliteFixture, postgresFixture, mariadbFixture]) {
  const fixture = makeFixture();

  describe(`spend persisted in SQL: ${fixture.name}`, async () => {
    const skip = await fixture.prepare();
    let store: ConversationStore | undefined;
    const journal = () => {
      const connection = store?.connection();
      if (connection?.kind !== 'sql') throw new Error('not a SQL store');
      return new SqlSpendJournal(connection.dataSource, 60_000);
    };
    before(async () => {
      if (!skip) store = await fixture.open(() => NOW);
    });
    after(async () => {
      if (skip) return;
      await store?.close();
      await fixture.cleanup();
    });

    it('restores every counter after a restart', { skip }, async () => {
      const keys = recordingKeys([{ scope: 'key', id: 'key_restart' }, { scope: 'owner', id: 'ada@example.com' }], NOW);
      const first = new MemorySpendCounter(() => NOW, journal());
      await first.load();
      await first.add(keys, 6000);
      await first.add(keys.slice(0, 3), 123_456_789_012);
      await first.close();
      const second = new MemorySpendCounter(() => NOW, journal());
      await second.load();
      assert.deepEqual(await second.read(keys), [123_456_795_012, 123_456_795_012, 123_456_795_012, 6000, 6000, 6000]);
      await second.close();
    });

    it("adds up what two replicas wrote to one counter, never one over the other's", { skip }, async () => {
      const keys = recordingKeys([{ scope: 'key', id: 'key_two_writers' }], NOW);
      const replicas = [new MemorySpendCounter(() => NOW, journal()), new MemorySpendCounter(() => NOW, journal())];
      await Promise.all(replicas.map((replica) => replica.load()));
      await replicas[0].add(keys, 100);
      await replicas[1].add(keys, 20);
      await replicas[0].add(keys, 3);
      await Promise.all(replicas.map((replica) => replica.close()));
      const restarted = new MemorySpendCounter(() => NOW, journal());
      await restarted.load();
      assert.deepEqual(await restarted.read(keys), [123, 123, 123]);
      await restarted.close();
    });

    it('deletes the rows of periods long past when it loads', { skip }, async () => {
      const old = Date.parse('2025-11-15T12:00:00Z');
      const keys = recordingKeys([{ scope: 'key', id: 'key_november' }], old);
      const then = new MemorySpendCounter(() => old, journal());
      await then.load();
      await then.add(keys, 50);
      await then.close();
      const later = new MemorySpendCounter(() => NOW, journal());
      await later.load();
      assert.deepEqual(await later.read(keys), [0, 0, 50], 'the total stays; November is gone');
      await later.close();
      const revisit = new MemorySpendCounter(() => old, journal());
      await revisit.load();
      assert.deepEqual(await revisit.read(keys), [0, 0, 50], 'deleted from the table, not just hidden');
      await revisit.close();
    });
  });
}

// A period label is part of every counter key: the windows a test builds must agree with recordingKeys.
describe('recordingKeys', () => {
  it('names the day, month and total of each subject', () => {
    const keys: SpendCounterKey[] = recordingKeys([{ scope: 'owner', id: 'team-a' }], NOW);
    assert.deepEqual(
      keys.map((key) => key.period),
      [periodWindow('day', NOW).label, periodWindow('month', NOW).label, 'total'],
    );
    assert.deepEqual(keys.map((key) => key.period), ['day:2026-01-31', 'month:2026-01', 'total']);
  });
});
