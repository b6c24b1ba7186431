import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { CircuitBreakers } from '@latticelm/traffic';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { collectSse } from '../support/sse';
import { assertValidError } from '../support/spec-assertions';
import { circuitReaches, postResponse, recordEvents } from './traffic-support';

describe('circuit breakers (opossum, one per provider)', () => {
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
    assert.deepEqual(states(), { openai: 'closed' });
    assert.equal(fake.requests.length, 3);
  });
  it('answers with the vendor error, not circuit_open, when the failure that opened the circuit is being retried', async () => {
    gateway = await startGateway({
      providers: {
        openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1`, max_retries: 2, circuit_breaker: { minimum_requests: 1, failure_ratio: 0.5 } },
      },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
    });
    fake.enqueue({ kind: 'error', status: 429, message: 'slow down', retryAfter: 0 });
    const res = await post();
    assert.equal(res.status, 429);
    assert.match((await res.json()).error.message, /slow down/);
    assert.equal(fake.requests.length, 1, 'the open circuit kept the retry from the vendor');
    assert.deepEqual(states(), { openai: 'open' });
  });
});
