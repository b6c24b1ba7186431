import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Redis from 'ioredis';
import OpenAI from 'openai';
import { ResponseCache } from '@latticelm/response-cache';
import { runName, serviceSkipReason } from '../conversations/service-availability';
import { FakeOpenAI } from '../fakes/fake-openai';
import { TcpProxy } from '../health/tcp-proxy';
import { parsePrometheusText } from '../observability/prometheus-text';
import { RunningGateway, gatewayClient, startGateway } from '../support/gateway-harness';

const fake = new FakeOpenAI('openai', 'k');
const MODEL = 'gpt-4o-mini';
const upstreamCalls = (since: number) => fake.requests.slice(since).filter((request) => request.path === '/v1/responses').length;

/**
 * Two gateways on one Redis (through a TCP proxy the test can cut): an answer kept by one replica is a hit on the
 * other, and while Redis is away every request is still answered — by the vendor, as a miss — with the failures
 * counted in latticelm_response_cache_errors_total.
 */
describe('response cache on Redis, shared by two gateways', async () => {
  const skip = await serviceSkipReason('Redis', '127.0.0.1', 6379);
  const prefix = `${runName('response-cache')}:`;
  const proxy = new TcpProxy(6379);
  const gateways: RunningGateway[] = [];
  const clients: OpenAI[] = [];

  before(async () => {
    if (skip) return;
    await fake.start();
    await proxy.start();
    for (let i = 0; i < 2; i += 1) {
      const gateway = await startGateway({
        providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1`, max_retries: 0 } },
        models: [{ name: MODEL, provider: 'openai' }],
        observability: { enabled: true, metrics: { enabled: true } },
        response_cache: { enabled: true, store: 'redis', redis_url: `redis://127.0.0.1:${proxy.port}/0`, key_prefix: prefix },
      });
      gateways.push(gateway);
      clients.push(gatewayClient(gateway));
    }
  });
  after(async () => {
    if (skip) return;
    for (const gateway of gateways) await gateway.close();
    await proxy.stop();
    await fake.stop();
    const redis = new Redis('redis://127.0.0.1:6379/0');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(keys);
    redis.disconnect();
  });

  const ask = (gateway: number, input: string, stream = false) =>
    clients[gateway].responses.create({ model: MODEL, input, store: false, stream: stream as false }).withResponse();
  const errors = async (gateway: number, operation: string) =>
    parsePrometheusText(await (await fetch(`${gateways[gateway].url}/metrics`)).text()).sum('latticelm_response_cache_errors_total', { store: 'redis', operation });

  it('an answer kept by one replica is a hit on the other, JSON and streamed', { skip }, async () => {
    const since = fake.requests.length;
    fake.enqueue({ kind: 'text', text: 'Kept in Redis.' });
    const first = await ask(0, 'Shared question?');
    assert.equal(first.response.headers.get('x-latticelm-cache'), 'miss');
    await gateways[0].app.get(ResponseCache).settled();
    const redis = new Redis('redis://127.0.0.1:6379/0');
    const keys = await redis.keys(`${prefix}*`);
    redis.disconnect();
    assert.equal(keys.length, 1);
    assert.match(keys[0], new RegExp(`^${prefix}[0-9a-f]{64}$`));

    const second = await ask(1, 'Shared question?');
    assert.equal(second.response.headers.get('x-latticelm-cache'), 'hit');
    assert.equal(second.data.output_text, 'Kept in Redis.');
    let streamed = '';
    const stream = await clients[1].responses.create({ model: MODEL, input: 'Shared question?', store: false, stream: true });
    for await (const event of stream) if (event.type === 'response.output_text.delta') streamed += event.delta;
    assert.equal(streamed, 'Kept in Redis.');
    assert.equal(upstreamCalls(since), 1);
  });

  it('Redis reset: requests are answered by the vendor as misses and the failures counted; caching resumes when it is back', { skip }, async () => {
    const since = fake.requests.length;
    const before = { get: await errors(0, 'get'), set: await errors(0, 'set') };
    proxy.cut('reset');
    try {
      for (let i = 0; i < 2; i += 1) {
        const answer = await ask(0, 'Asked during the outage?');
        assert.equal(answer.response.status, 200);
        assert.equal(answer.response.headers.get('x-latticelm-cache'), 'miss');
        await gateways[0].app.get(ResponseCache).settled();
      }
      assert.equal(upstreamCalls(since), 2, 'nothing was kept');
      assert.equal((await errors(0, 'get')) - before.get, 2);
      assert.equal((await errors(0, 'set')) - before.set, 2);
    } finally {
      proxy.restore();
    }
    // ioredis reconnects on its own schedule; until it has, a request is simply another miss
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const answer = await ask(0, 'Asked after the outage?');
      await gateways[0].app.get(ResponseCache).settled();
      if (answer.response.headers.get('x-latticelm-cache') === 'hit') return;
    }
    assert.fail('the cache did not come back after Redis did');
  });

  it('a hung Redis costs at most the command timeout, then the vendor answers', { skip }, async () => {
    const since = fake.requests.length;
    proxy.cut('blackhole');
    try {
      const started = performance.now();
      const answer = await ask(1, 'Asked while Redis hangs?');
      const waited = performance.now() - started;
      assert.equal(answer.data.status, 'completed');
      assert.ok(waited < 3000, `answered after ${Math.round(waited)} ms`);
      assert.equal(upstreamCalls(since), 1);
    } finally {
      proxy.restore();
    }
  });
});
