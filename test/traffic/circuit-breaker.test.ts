import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { CircuitBreakers } from '@latticelm/traffic';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { collectSse } from '../support/sse';
import { assertValidError } from '../support/spec-assertions';
import { circuitReaches, instantSleep, manualClock, postResponse, recordEvents } from './traffic-support';

describe('circuit breakers (opossum)', () => {
  const fake = new FakeOpenAI('openai', 'k');
  let gateway: RunningGateway;

  const start = (breaker: Record<string, unknown>) =>
    startGateway({
      providers: {
        openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1`, max_retries: 0, circuit_breaker: breaker },
      },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
    });
  const post = (body: Record<string, unknown> = {}) => postResponse(gateway, { model: 'gpt-4o-mini', ...body });
  const states = () => gateway.app.get(CircuitBreakers).states();

  before(() => fake.start());
  after(() => fake.stop());
  afterEach(async () => {
    await gateway?.close();
    fake.reset();
  });

  it('opens after the configured failures, fast-fails without calling the provider, half-opens, closes on success', async () => {
    gateway = await start({ minimum_requests: 3, failure_ratio: 0.5, timeout: '300ms', max_requests: 1 });
    const changes = recordEvents(gateway, 'circuit.state');
    fake.enqueue(
      { kind: 'error', status: 500, message: 'boom' },
      { kind: 'error', status: 503, message: 'boom' },
      { kind: 'error', status: 500, message: 'boom' },
    );
    for (let i = 0; i < 3; i++) assert.equal((await post()).status, 502);
    assert.deepEqual(states(), { openai: 'open' });
    const halfOpen = circuitReaches(gateway, 'openai', 'half_open');

    const rejected = await post();
    assert.equal(rejected.status, 503);
    // the remaining open time (under 300 ms) in whole seconds, rounded up
    assert.equal(rejected.headers.get('retry-after'), '1');
    const body = await rejected.json();
    assertValidError(body);
    assert.equal(body.error.code, 'circuit_open');
    assert.match(body.error.message, /provider 'openai'/);
    assert.equal(fake.requests.length, 3, 'the open circuit did not call the provider');

    await halfOpen;
    assert.deepEqual(states(), { openai: 'half_open' });
    const recovered = await post();
    assert.equal(recovered.status, 200);
    assert.deepEqual(states(), { openai: 'closed' });
    assert.equal(fake.requests.length, 4);
    assert.deepEqual(
      changes.map((change) => `${change.from}->${change.to}`),
      ['closed->open', 'open->half_open', 'half_open->closed'],
    );
  });

  it('a failed half-open trial re-opens the circuit', async () => {
    gateway = await start({ minimum_requests: 1, timeout: '200ms', max_requests: 1 });
    fake.enqueue({ kind: 'error', status: 500, message: 'down' });
    const halfOpen = circuitReaches(gateway, 'openai', 'half_open');
    assert.equal((await post()).status, 502);
    await halfOpen;
    fake.enqueue({ kind: 'error', status: 500, message: 'still down' });
    assert.equal((await post()).status, 502);
    assert.deepEqual(states(), { openai: 'open' });
    assert.equal((await post()).status, 503);
    assert.equal(fake.requests.length, 2);
  });

  it("never counts the client's own 4xx", async () => {
    gateway = await start({ minimum_requests: 1, failure_ratio: 0.1 });
    for (let i = 0; i < 5; i++) fake.enqueue({ kind: 'error', status: 400, message: 'Invalid schema' });
    for (let i = 0; i < 5; i++) assert.equal((await post()).status, 400);
    fake.enqueue({ kind: 'error', status: 404, message: 'The model does not exist' });
    assert.equal((await post()).status, 404);
    assert.deepEqual(states(), { openai: 'closed' });
    assert.equal((await post()).status, 200);
  });

  it('counts a stream that breaks mid-way as a failure, when it ends', async () => {
    gateway = await start({ minimum_requests: 1, timeout: '60s' });
    fake.enqueue({ kind: 'cut', text: 'a b c d', afterChunks: 2 });
    const res = await post({ stream: true });
    assert.equal(res.status, 200);
    const { events } = await collectSse(res);
    assert.equal(events.at(-1)?.type, 'response.failed');
    assert.deepEqual(states(), { openai: 'open' });
  });

  it('is off when circuit_breaker.enabled is false', async () => {
    gateway = await start({ enabled: false, minimum_requests: 1 });
    for (let i = 0; i < 3; i++) fake.enqueue({ kind: 'error', status: 500, message: 'boom' });
    for (let i = 0; i < 3; i++) assert.equal((await post()).status, 502);
    assert.deepEqual(states(), {}, 'no breaker reports on it');
    assert.equal(fake.requests.length, 3);
  });
  it('passes a vendor 429 on without counting it; the model cools down for its Retry-After with a 429, never circuit_open', async () => {
    gateway = await start({ minimum_requests: 1, failure_ratio: 0.5 });
    const clock = manualClock(gateway);
    // 30 s is beyond the retry cap: the gateway does not wait it out itself
    fake.enqueue({ kind: 'error', status: 429, message: 'slow down', retryAfter: 30 });
    const limited = await post();
    assert.equal(limited.status, 429);
    assert.match((await limited.json()).error.message, /slow down/);
    assert.deepEqual(states(), { openai: 'closed' }, 'a 429 is back-pressure, not breakage');

    clock.advance(10_000);
    const cooling = await post();
    assert.equal(cooling.status, 429);
    assert.equal(cooling.headers.get('retry-after'), '20', 'the remaining Retry-After');
    const body = await cooling.json();
    assertValidError(body);
    assert.equal(body.error.code, 'upstream_rate_limited');
    assert.equal(fake.requests.length, 1, 'the cool-down kept the request from the vendor');
    assert.deepEqual(gateway.app.get(CircuitBreakers).circuits(), [{ provider: 'openai', model: 'gpt-4o-mini', state: 'closed', cooling_down_s: 20 }]);

    clock.advance(20_000);
    assert.equal((await post()).status, 200);
    assert.equal(fake.requests.length, 2);
  });

  it("counts the gateway's own retries of one client request once", async () => {
    gateway = await startGateway({
      providers: {
        openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1`, max_retries: 2, circuit_breaker: { minimum_requests: 2, failure_ratio: 0.5 } },
      },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
    });
    instantSleep(gateway);
    for (let i = 0; i < 3; i++) fake.enqueue({ kind: 'error', status: 500, message: 'boom' });
    assert.equal((await post()).status, 502);
    assert.equal(fake.requests.length, 3, 'three attempts');
    assert.deepEqual(states(), { openai: 'closed' }, 'one client request, one failure: below minimum_requests 2');
    assert.equal((await post()).status, 200);
  });
});

describe('circuit breakers per provider and model', () => {
  const fake = new FakeOpenAI('openai', 'k');
  const other = new FakeOpenAI('openai', 'k2');
  let gateway: RunningGateway;
  const post = (model: string) => postResponse(gateway, { model });
  const breakers = () => gateway.app.get(CircuitBreakers);

  before(async () => {
    await fake.start();
    await other.start();
  });
  after(async () => {
    await fake.stop();
    await other.stop();
  });
  afterEach(async () => {
    await gateway?.close();
    fake.reset();
    other.reset();
  });

  it("one model's failures open its own circuit only; a model's circuit_breaker overrides its provider's", async () => {
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1`, max_retries: 0, circuit_breaker: { minimum_requests: 1, timeout: '60s' } } },
      models: [
        { name: 'bad', provider: 'openai', provider_model_id: 'deployment-bad' },
        { name: 'good', provider: 'openai', provider_model_id: 'deployment-good' },
        { name: 'tolerant', provider: 'openai', provider_model_id: 'deployment-tolerant', circuit_breaker: { minimum_requests: 3 } },
      ],
    });
    fake.enqueue({ kind: 'error', status: 500, message: 'boom' });
    assert.equal((await post('bad')).status, 502);
    fake.enqueue({ kind: 'error', status: 500, message: 'boom' });
    assert.equal((await post('tolerant')).status, 502);
    assert.equal((await post('good')).status, 200, 'the same provider still serves its other models');
    assert.equal((await post('tolerant')).status, 200, 'one failure is below its own minimum_requests 3');
    const refused = await post('bad');
    assert.equal(refused.status, 503);
    const body = await refused.json();
    assert.equal(body.error.code, 'circuit_open');
    assert.match(body.error.message, /model 'deployment-bad' of provider 'openai'/);
    assert.equal(fake.requests.length, 4);
    assert.deepEqual(
      breakers().circuits().map(({ model, state }) => `${model}:${state}`),
      ['deployment-bad:open', 'deployment-good:closed', 'deployment-tolerant:closed'],
    );
    assert.deepEqual(breakers().states(), { openai: 'partially_open' });
  });

  it('a cooling-down model moves traffic to its fallback without asking the vendor', async () => {
    gateway = await startGateway({
      providers: {
        openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1`, max_retries: 0 },
        other: { type: 'openai', api_key: 'k2', endpoint: `${other.url}/v1`, max_retries: 0 },
      },
      models: [
        { name: 'primary', provider: 'openai', fallbacks: ['backup'] },
        { name: 'backup', provider: 'other' },
      ],
    });
    fake.enqueue({ kind: 'error', status: 429, message: 'slow down', retryAfter: 60 });
    assert.equal((await post('primary')).status, 200, 'the fallback served');
    assert.equal((await post('primary')).status, 200);
    assert.equal(fake.requests.length, 1, 'the cooling-down model was not asked again');
    assert.equal(other.requests.length, 2);
    assert.deepEqual(breakers().states(), { openai: 'closed', other: 'closed' });
  });

  it('/ready stays ready while another provider can serve, and is not ready when none can', async () => {
    gateway = await startGateway({
      conversations: { store: 'memory' },
      providers: {
        openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1`, max_retries: 0, circuit_breaker: { minimum_requests: 1, timeout: '60s' } },
        other: { type: 'openai', api_key: 'k2', endpoint: `${other.url}/v1`, max_retries: 0, circuit_breaker: { minimum_requests: 1, timeout: '60s' } },
      },
      models: [
        { name: 'a', provider: 'openai' },
        { name: 'b', provider: 'other' },
      ],
    });
    const ready = async () => {
      const res = await fetch(`${gateway.url}/ready`);
      return { status: res.status, body: await res.json() };
    };
    assert.equal((await ready()).body.checks.upstreams, 'healthy');
    fake.enqueue({ kind: 'error', status: 500, message: 'boom' });
    assert.equal((await post('a')).status, 502);
    const partial = await ready();
    assert.equal(partial.status, 200);
    assert.equal(partial.body.status, 'ready');
    assert.deepEqual(partial.body.checks.circuits, { openai: 'open', other: 'closed' });
    assert.match(partial.body.checks.upstreams, /^degraded: openai down/);
    other.enqueue({ kind: 'error', status: 500, message: 'boom' });
    assert.equal((await post('b')).status, 502);
    const none = await ready();
    assert.equal(none.status, 503);
    assert.equal(none.body.status, 'not_ready');
    assert.match(none.body.checks.upstreams, /^unhealthy: no provider can serve/);
  });
});
