import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import Redis from 'ioredis';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { assertValidError } from '../support/spec-assertions';
import { manualClock, recordEvents } from './traffic-support';

const fake = new FakeOpenAI('openai', 'k');

function start(rateLimit: Record<string, unknown>, server: Record<string, unknown> = {}) {
  return startGateway({
    server,
    rate_limit: { enabled: true, ...rateLimit },
    providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1` } },
    models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
  });
}

const models = (gateway: RunningGateway, headers: Record<string, string> = {}) => fetch(`${gateway.url}/v1/models`, { headers });

async function statuses(gateway: RunningGateway, count: number, headers: (i: number) => Record<string, string> = () => ({})): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await models(gateway, headers(i));
    await res.arrayBuffer();
    seen.push(res.status);
  }
  return seen;
}

describe('rate limiting (token bucket per client, memory store)', () => {
  let gateway: RunningGateway;
  before(() => fake.start());
  after(() => fake.stop());
  afterEach(() => gateway?.close());

  it('allows exactly the burst, then refills at the configured rate, with RateLimit-* headers and Retry-After', async () => {
    gateway = await start({ requests_per_second: 2, burst: 3 });
    const clock = manualClock(gateway);
    const rejected = recordEvents(gateway, 'ratelimit.rejected');

    const first = await models(gateway);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('ratelimit-limit'), '3');
    assert.equal(first.headers.get('ratelimit-remaining'), '2');
    assert.equal(first.headers.get('ratelimit-reset'), '1', 'one token short of full: 500 ms, rounded up');
    assert.deepEqual(await statuses(gateway, 4), [200, 200, 429, 429]);

    const denied = await models(gateway);
    assert.equal(denied.status, 429);
    assert.equal(denied.headers.get('retry-after'), '1');
    assert.equal(denied.headers.get('ratelimit-remaining'), '0');
    assert.equal(denied.headers.get('ratelimit-reset'), '2', 'empty bucket: 3 tokens × 500 ms, rounded up');
    const body = await denied.json();
    assertValidError(body);
    assert.equal(body.error.type, 'too_many_requests');
    assert.equal(rejected.length, 3);
    assert.deepEqual(rejected[0], { store: 'memory' });

    clock.advance(499);
    assert.deepEqual(await statuses(gateway, 1), [429]);
    clock.advance(1);
    assert.deepEqual(await statuses(gateway, 2), [200, 429]);
    clock.advance(10_000);
    assert.deepEqual(await statuses(gateway, 4), [200, 200, 200, 429], 'an idle bucket refills up to the burst, not beyond');
  });

  it('limits POST /v1/responses with the same bucket and never limits /health or /ready', async () => {
    gateway = await start({ requests_per_second: 1, burst: 1 });
    manualClock(gateway);
    const post = () =>
      fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x' }) });
    assert.equal((await post()).status, 200);
    assert.equal((await post()).status, 429);
    assert.equal((await models(gateway)).status, 429);
    for (const path of ['/health', '/ready']) {
      const res = await fetch(`${gateway.url}${path}`);
      assert.notEqual(res.status, 429, `${path} is exempt`);
    }
  });

  it('ignores a spoofed X-Forwarded-For from an untrusted peer', async () => {
    gateway = await start({ requests_per_second: 1, burst: 2 });
    manualClock(gateway);
    assert.deepEqual(await statuses(gateway, 4, (i) => ({ 'x-forwarded-for': `203.0.113.${i}` })), [200, 200, 429, 429]);
  });

  it('trusts X-Forwarded-For when the peer is a trusted proxy, walking from the right', async () => {
    gateway = await start({ requests_per_second: 1, burst: 1 }, { trusted_proxies: ['127.0.0.0/8', '::1/128', '10.0.0.0/8'] });
    manualClock(gateway);
    // distinct clients behind the proxy get their own buckets; a client-written left entry changes nothing
    assert.deepEqual(await statuses(gateway, 2, (i) => ({ 'x-forwarded-for': `203.0.113.${i}` })), [200, 200]);
    assert.deepEqual(await statuses(gateway, 2, (i) => ({ 'x-forwarded-for': `6.6.6.${i}, 203.0.113.0, 10.1.1.1` })), [429, 429]);
  });
});

describe('rate limiting shared through Redis', () => {
  const url = 'redis://127.0.0.1:6379';
  const prefix = `latticelm:test:${randomBytes(4).toString('hex')}:`;
  let available: string | undefined;
  const gateways: RunningGateway[] = [];

  before(async () => {
    await fake.start();
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      available = 'yes';
    } catch (error) {
      available = undefined;
      if (process.env.LATTICELM_REQUIRE_SERVICES === '1') throw error;
    } finally {
      probe.disconnect();
    }
  });
  after(async () => {
    await Promise.all(gateways.map((gateway) => gateway.close()));
    if (available) {
      const redis = new Redis(url);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    await fake.stop();
  });

  it('two gateways sharing Redis allow the configured burst in total', async (t) => {
    if (!available) return t.skip('Redis at 127.0.0.1:6379 does not answer (set LATTICELM_REQUIRE_SERVICES=1 to fail instead)');
    // a near-zero refill rate makes the count exact however long the test takes
    const config = { requests_per_second: 0.001, burst: 4, store: 'redis', redis_url: url, key_prefix: prefix };
    const trusted = { trusted_proxies: ['127.0.0.1', '::1'] };
    gateways.push(await start(config, trusted), await start(config, trusted));
    const rejected = recordEvents(gateways[0], 'ratelimit.rejected');
    const client = { 'x-forwarded-for': '198.51.100.7' };
    const seen: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await models(gateways[i % 2], client);
      await res.arrayBuffer();
      seen.push(res.status);
    }
    assert.deepEqual(seen, [200, 200, 200, 200, 429, 429, 429, 429, 429, 429]);
    assert.deepEqual(rejected[0], { store: 'redis' });
    const other = await models(gateways[1], { 'x-forwarded-for': '198.51.100.8' });
    assert.equal(other.status, 200, 'another client has its own bucket');
    assert.equal(other.headers.get('ratelimit-remaining'), '3');
  });
});
