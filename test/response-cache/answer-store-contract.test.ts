import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Redis from 'ioredis';
import type { ResponseCacheConfig } from '@latticelm/config';
import { AnswerStore, CachedAnswer, openAnswerStore } from '@latticelm/response-cache';
import { runName, serviceSkipReason } from '../conversations/service-availability';
import { TcpProxy } from '../health/tcp-proxy';

type StoreConfig = Parameters<typeof openAnswerStore>[0];
type Failure = { operation: 'get' | 'set'; error: unknown };

const BASE: Omit<ResponseCacheConfig, 'enabled' | 'cacheByDefault' | 'shared' | 'ttlMs' | 'keyPrefix'> = {
  store: 'memory',
  maxEntries: 100,
  maxBytes: 1024 * 1024,
  maxEntryBytes: 64 * 1024,
  redisUrl: 'redis://127.0.0.1:6379/0',
};

function answer(text: string, storedAt = 1_000): CachedAnswer {
  return {
    provider: 'openai',
    model: 'gpt-4o-mini',
    events: [
      { type: 'text.delta', delta: text },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 2, cachedTokens: 0, reasoningTokens: 0 } },
      { type: 'finish', reason: 'stop' },
    ],
    droppedParameters: ['top_k'],
    storedAt,
    expiresAt: storedAt + 60_000,
  };
}

interface Fixture {
  name: string;
  skip(): Promise<string | undefined>;
  config: StoreConfig;
  /** a key unique to this run, so the suite never reads or clears another's */
  key(name: string): string;
  cleanup(): Promise<void>;
}

const prefix = `${runName('answers')}:`;
const FIXTURES: Fixture[] = [
  { name: 'memory', skip: async () => undefined, config: BASE, key: (name) => name, cleanup: async () => undefined },
  {
    name: 'redis',
    skip: () => serviceSkipReason('Redis', '127.0.0.1', 6379),
    config: { ...BASE, store: 'redis' },
    key: (name) => `${prefix}${name}`,
    cleanup: async () => {
      const client = new Redis('redis://127.0.0.1:6379/0');
      const keys = await client.keys(`${prefix}*`);
      if (keys.length) await client.del(keys);
      client.disconnect();
    },
  },
];

for (const fixture of FIXTURES) {
  describe(`AnswerStore contract: ${fixture.name}`, async () => {
    const skip = await fixture.skip();
    const failures: Failure[] = [];
    let store: AnswerStore;
    before(async () => {
      if (!skip) store = await openAnswerStore(fixture.config, (operation, error) => failures.push({ operation, error }));
    });
    after(async () => {
      if (skip) return;
      await store.close();
      await fixture.cleanup();
    });

    it('keeps an answer and gives it back as it was, strings a codec might revive included', { skip }, async () => {
      const kept = answer('_date_2020-01-01T00:00:00.000Z _function_x|function(){ return 1 } :base64:AAAA :colon héllo 👋 "quoted"');
      assert.equal(await store.set(fixture.key('roundtrip'), kept, 60_000), true);
      assert.deepEqual(await store.get(fixture.key('roundtrip')), kept);
      assert.equal(await store.get(fixture.key('never-written')), undefined);
      assert.deepEqual(failures, []);
    });

    it('replaces an answer under the same key', { skip }, async () => {
      await store.set(fixture.key('replace'), answer('first'), 60_000);
      await store.set(fixture.key('replace'), answer('second'), 60_000);
      assert.deepEqual((await store.get(fixture.key('replace')))?.events[0], { type: 'text.delta', delta: 'second' });
    });

    it('does not keep an answer larger than max_entry_bytes', { skip }, async () => {
      assert.equal(await store.set(fixture.key('large'), answer('x'.repeat(BASE.maxEntryBytes)), 60_000), false);
      assert.equal(await store.get(fixture.key('large')), undefined);
      assert.deepEqual(failures, [], 'too large is not a failure');
    });
  });
}

describe('AnswerStore specifics: memory bounds', () => {
  it('evicts the least recently used answer past max_entries, and past max_bytes', async () => {
    const byCount = await openAnswerStore({ ...BASE, maxEntries: 2 }, () => assert.fail('no failure expected'));
    await byCount.set('a', answer('a'), 60_000);
    await byCount.set('b', answer('b'), 60_000);
    assert.ok(await byCount.get('a'), 'a read makes "a" the most recent');
    await byCount.set('c', answer('c'), 60_000);
    assert.equal(await byCount.get('b'), undefined);
    assert.ok(await byCount.get('a'));
    assert.ok(await byCount.get('c'));

    const size = JSON.stringify(answer('x'.repeat(1000))).length;
    const byBytes = await openAnswerStore({ ...BASE, maxBytes: size * 3, maxEntryBytes: size * 2 }, () => assert.fail('no failure expected'));
    for (const name of ['a', 'b', 'c', 'd']) await byBytes.set(name, answer('x'.repeat(1000)), 60_000);
    assert.equal(await byBytes.get('a'), undefined, 'the oldest answer made room');
    assert.ok(await byBytes.get('d'));
  });
});

describe('AnswerStore specifics: Redis', async () => {
  const skip = await serviceSkipReason('Redis', '127.0.0.1', 6379);
  const key = `${runName('answers-redis')}:k`;
  const client = new Redis('redis://127.0.0.1:6379/0', { lazyConnect: true });
  after(async () => {
    if (skip) return;
    await client.del(key);
    client.disconnect();
  });

  it('sets native expiry from the TTL, on the key as given', { skip }, async () => {
    const store = await openAnswerStore({ ...BASE, store: 'redis' }, () => assert.fail('no failure expected'));
    try {
      await client.connect();
      await store.set(key, answer('ttl'), 90_000);
      const ttl = await client.pttl(key);
      assert.ok(ttl > 80_000 && ttl <= 90_000, `PTTL ${ttl}`);
    } finally {
      await store.close();
    }
  });

  it('fails soft while Redis is away, and works again once it is back', { skip }, async () => {
    const proxy = await new TcpProxy(6379).start();
    const failures: Failure[] = [];
    const store = await openAnswerStore({ ...BASE, store: 'redis', redisUrl: `redis://127.0.0.1:${proxy.port}/0` }, (operation, error) => failures.push({ operation, error }));
    const outageKey = `${key}:outage`;
    try {
      assert.equal(await store.set(outageKey, answer('before'), 60_000), true);
      proxy.cut('reset');
      assert.equal(await store.get(outageKey), undefined, 'a read during the outage is a miss');
      assert.equal(await store.set(outageKey, answer('during'), 60_000), false, 'a write during the outage is skipped');
      assert.deepEqual(failures.map(({ operation }) => operation), ['get', 'set']);
      proxy.restore();
      await until(async () => (await store.get(outageKey)) !== undefined);
      assert.deepEqual((await store.get(outageKey))?.events[0], { type: 'text.delta', delta: 'before' });
    } finally {
      await client.del(outageKey).catch(() => undefined);
      await store.close();
      await proxy.stop();
    }
  });

  it('a Redis that is not there at start-up: the store opens, reads miss, writes are skipped', async () => {
    const closed = await new TcpProxy(6379).start();
    closed.cut('reset');
    const failures: Failure[] = [];
    const store = await openAnswerStore({ ...BASE, store: 'redis', redisUrl: `redis://127.0.0.1:${closed.port}/0` }, (operation) => failures.push({ operation, error: undefined }));
    try {
      assert.equal(await store.get('k'), undefined);
      assert.equal(await store.set('k', answer('x'), 1000), false);
      assert.deepEqual(failures.map(({ operation }) => operation), ['get', 'set']);
    } finally {
      await store.close();
      await closed.stop();
    }
  });
});

/** Polls `ready` on ioredis's own reconnect schedule (it reconnects by itself; nothing here waits a fixed time). */
async function until(ready: () => Promise<boolean>, attempts = 200): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail('the store did not come back');
}
