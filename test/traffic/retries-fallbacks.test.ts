import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { CircuitBreakers } from '@latticelm/traffic';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { collectSse } from '../support/sse';
import { assertValidResponse, assertValidStream } from '../support/spec-assertions';
import { instantSleep, postResponse, recordEvents } from './traffic-support';

describe('retries (bounded, jittered, before output only)', () => {
  const fake = new FakeOpenAI('openai', 'k');
  let gateway: RunningGateway;
  let delays: number[];
  const post = (body: Record<string, unknown> = {}) => postResponse(gateway, { model: 'gpt-4o-mini', ...body });

  before(async () => {
    await fake.start();
    gateway = await startGateway({
      // a breaker that never opens here: these tests count attempts, not circuit states
      providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1`, max_retries: 2, circuit_breaker: { enabled: false } } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
      // upstream.error events feed the metrics: with observability off nothing emits them
      observability: { enabled: true },
    });
    delays = instantSleep(gateway);
  });
  after(async () => {
    await gateway.close();
    await fake.stop();
  });
  beforeEach(() => {
    fake.reset();
    delays.length = 0;
  });

  it('retries 5xx with exponential, jittered backoff and then succeeds', async () => {
    const retries = recordEvents(gateway, 'upstream.retry');
    fake.enqueue({ kind: 'error', status: 500, message: 'a' }, { kind: 'error', status: 502, message: 'b' }, { kind: 'text', text: 'third time lucky' });
    const res = await post();
    assert.equal(res.status, 200);
    assert.equal((await res.json()).output[0].content[0].text, 'third time lucky');
    assert.equal(fake.requests.length, 3);
    // random() = 0.5: ceiling/2 + 0.5 × ceiling/2 with ceilings 250 and 500 ms
    assert.deepEqual(delays, [187.5, 375]);
    assert.deepEqual(retries, [
      { provider: 'openai', attempt: 1 },
      { provider: 'openai', attempt: 2 },
    ]);
  });

  it('gives up after max_retries and answers with the last upstream error', async () => {
    const errors = recordEvents(gateway, 'upstream.error');
    for (let i = 0; i < 4; i++) fake.enqueue({ kind: 'error', status: 500, message: `fail ${i}` });
    const res = await post();
    assert.equal(res.status, 502);
    assert.match((await res.json()).error.message, /fail 2/);
    assert.equal(fake.requests.length, 3, '1 attempt + max_retries 2');
    assert.deepEqual(errors, Array(3).fill({ provider: 'openai', kind: 'http_5xx' }), 'each failed attempt counted once');
  });

  it("honours a 429's Retry-After when it is short", async () => {
    fake.enqueue({ kind: 'error', status: 429, message: 'slow down', retryAfter: 2 }, { kind: 'text', text: 'ok' });
    assert.equal((await post()).status, 200);
    assert.deepEqual(delays, [2000]);
  });

  it('does not wait out a long Retry-After: the client gets the 429 at once', async () => {
    fake.enqueue({ kind: 'error', status: 429, message: 'come back in a minute', retryAfter: 60 });
    const res = await post();
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '60');
    assert.equal(fake.requests.length, 1);
  });

  it("never retries the client's 4xx", async () => {
    fake.enqueue({ kind: 'error', status: 400, message: 'bad' });
    assert.equal((await post()).status, 400);
    assert.equal(fake.requests.length, 1);
  });

  it('never retries once output started: the stream ends with response.failed', async () => {
    fake.enqueue({ kind: 'cut', text: 'a b c d', afterChunks: 2 });
    const res = await post({ stream: true });
    const { events, messages, done } = await collectSse(res);
    assertValidStream(events, messages, done);
    assert.equal(events.at(-1)?.type, 'response.failed');
    assert.equal(fake.requests.length, 1);
  });

  it('retries a stream that fails before its first event', async () => {
    fake.enqueue({ kind: 'error', status: 503, message: 'overloaded' }, { kind: 'text', text: 'streamed after a retry' });
    const res = await post({ stream: true });
    assert.equal(res.status, 200);
    const { events } = await collectSse(res);
    assert.equal(events.at(-1)?.type, 'response.completed');
    assert.equal(fake.requests.length, 2);
  });
});

describe('fallbacks (models[].fallbacks, in order, before output only)', () => {
  const primary = new FakeOpenAI('openai', 'k');
  const backup = new FakeOpenAI('openai', 'k');
  let gateway: RunningGateway;
  const post = (body: Record<string, unknown> = {}) => postResponse(gateway, { model: 'main', ...body });

  before(() => Promise.all([primary.start(), backup.start()]));
  after(() => Promise.all([primary.stop(), backup.stop()]));
  beforeEach(async () => {
    gateway = await startGateway({
      providers: {
        primary: { type: 'openai', api_key: 'k', endpoint: `${primary.url}/v1`, max_retries: 1, circuit_breaker: { minimum_requests: 2, timeout: '60s' } },
        backup: { type: 'openai', api_key: 'k', endpoint: `${backup.url}/v1`, max_retries: 0 },
      },
      models: [
        { name: 'main', provider: 'primary', provider_model_id: 'big-model', fallbacks: ['spare'] },
        { name: 'spare', provider: 'backup', provider_model_id: 'small-model' },
      ],
    });
    instantSleep(gateway);
  });
  afterEach(async () => {
    await gateway.close();
    primary.reset();
    backup.reset();
  });

  it('serves from the fallback when the primary fails (after its retries), and the response names it', async () => {
    const used = recordEvents(gateway, 'fallback.used');
    primary.setDefault({ kind: 'error', status: 500, message: 'primary down' });
    backup.enqueue({ kind: 'text', text: 'from the spare' });
    const res = await post();
    assert.equal(res.status, 200);
    const body = await res.json();
    assertValidResponse(body);
    assert.equal(body.output[0].content[0].text, 'from the spare');
    assert.equal(body.model, 'spare');
    assert.equal(body.provider, 'backup');
    assert.equal(primary.requests.length, 2, '1 attempt + max_retries 1');
    assert.equal(backup.requests[0].body.model, 'small-model');
    assert.deepEqual(used, [{ from: 'main', to: 'spare' }]);
  });

  it('streams from the fallback; the final response names it', async () => {
    primary.setDefault({ kind: 'error', status: 503, message: 'primary down' });
    backup.enqueue({ kind: 'text', text: 'spare stream' });
    const res = await post({ stream: true });
    assert.equal(res.status, 200);
    const { events, messages, done } = await collectSse(res);
    assertValidStream(events, messages, done);
    assert.equal(events[0].response.model, 'spare', 'the stream starts after the fallback answered, naming it');
    const final = events.at(-1)!;
    assert.equal(final.type, 'response.completed');
    assert.equal(final.response.model, 'spare');
    assert.equal(final.response.provider, 'backup');
  });

  it('skips the primary without calling it while its circuit is open', async () => {
    primary.setDefault({ kind: 'error', status: 500, message: 'primary down' });
    backup.setDefault({ kind: 'text', text: 'spare' });
    // two client requests (each retried once: the retry counts with its request, once) reach minimum_requests 2
    assert.equal((await post()).status, 200);
    assert.deepEqual(gateway.app.get(CircuitBreakers).states(), { primary: 'closed', backup: 'closed' });
    assert.equal((await post()).status, 200);
    assert.deepEqual(gateway.app.get(CircuitBreakers).states(), { primary: 'open', backup: 'closed' });
    const calls = primary.requests.length;
    const res = await post();
    assert.equal(res.status, 200);
    assert.equal((await res.json()).model, 'spare');
    assert.equal(primary.requests.length, calls, 'the open circuit kept the primary untouched');
  });

  it("does not fall back on the client's own error", async () => {
    primary.enqueue({ kind: 'error', status: 400, message: 'Invalid schema' });
    assert.equal((await post()).status, 400);
    assert.equal(backup.requests.length, 0);
  });

  it('answers with the last error when every candidate fails', async () => {
    primary.setDefault({ kind: 'error', status: 500, message: 'primary down' });
    backup.setDefault({ kind: 'error', status: 500, message: 'spare down too' });
    const res = await post();
    assert.equal(res.status, 502);
    assert.match((await res.json()).error.message, /spare down too/);
  });
});
