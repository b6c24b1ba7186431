import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { CircuitBreakers } from '@latticelm/traffic';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { collectSse, readSse } from '../support/sse';
import { assertValidError, assertValidStream } from '../support/spec-assertions';
import { postResponse, recordEvents } from './traffic-support';

const fake = new FakeOpenAI('openai', 'k');
before(() => fake.start());
after(() => fake.stop());

function start(provider: Record<string, unknown>): Promise<RunningGateway> {
  return startGateway({
    providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1`, max_retries: 0, ...provider } },
    models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
    // upstream.error events feed the metrics: with observability off nothing emits them
    observability: { enabled: true },
  });
}

describe('timeouts', () => {
  let gateway: RunningGateway;
  const post = (body: Record<string, unknown> = {}) => postResponse(gateway, { model: 'gpt-4o-mini', ...body });

  before(async () => {
    gateway = await start({ request_timeout: '300ms', stream_idle_timeout: '250ms', circuit_breaker: { enabled: false } });
  });
  after(() => gateway.close());
  afterEach(() => fake.reset());

  for (const stream of [false, true]) {
    it(`a provider that never answers gets a 504 after request_timeout (stream: ${stream}) and its request is aborted`, async () => {
      const errors = recordEvents(gateway, 'upstream.error');
      fake.enqueue({ kind: 'hang' });
      const upstreamClosed = fake.nextAbort();
      const res = await post({ stream });
      assert.equal(res.status, 504);
      const body = await res.json();
      assertValidError(body);
      assert.equal(body.error.type, 'timeout');
      assert.match(body.error.message, /openai: did not answer within 300ms \(request_timeout\)/);
      await upstreamClosed;
      assert.deepEqual(errors, [{ provider: 'openai', kind: 'timeout' }]);
    });
  }

  it('a stream silent for longer than stream_idle_timeout ends with response.failed and the upstream is aborted', async () => {
    fake.enqueue({ kind: 'slow', text: 'a b', chunks: ['a ', 'b'], gapMs: 5_000 });
    const upstreamClosed = fake.nextAbort();
    const res = await post({ stream: true });
    assert.equal(res.status, 200);
    const { events, messages, done } = await collectSse(res);
    assertValidStream(events, messages, done);
    const last = events.at(-1)!;
    assert.equal(last.type, 'response.failed');
    assert.match(last.response.error.message, /stream_idle_timeout/);
    await upstreamClosed;
  });

  it('a slow but steady stream within the idle timeout completes', async () => {
    fake.enqueue({ kind: 'slow', text: 'a b c', chunks: ['a ', 'b ', 'c'], gapMs: 20 });
    const { events } = await collectSse(await post({ stream: true }));
    assert.equal(events.at(-1)?.type, 'response.completed');
  });
});

describe('client disconnects', () => {
  let gateway: RunningGateway;
  const post = (body: Record<string, unknown>, signal: AbortSignal) => postResponse(gateway, { model: 'gpt-4o-mini', ...body }, {}, signal);
  const states = () => gateway.app.get(CircuitBreakers).states();

  // any counted failure would open this circuit: the tests prove a disconnect is never counted
  before(async () => {
    gateway = await start({ circuit_breaker: { minimum_requests: 1, timeout: '60s' } });
  });
  after(() => gateway.close());
  afterEach(() => fake.reset());

  it('a client leaving mid-stream aborts the upstream request within 100 ms', async () => {
    fake.enqueue({ kind: 'slow', text: 'a b c d e', chunks: ['a ', 'b ', 'c ', 'd ', 'e'], gapMs: 2_000 });
    const controller = new AbortController();
    const res = await post({ stream: true }, controller.signal);
    assert.equal(res.status, 200);
    const stream = readSse(res.body!);
    for (let next = await stream.next(); !next.done && next.value.event !== 'response.output_text.delta'; next = await stream.next());
    const upstreamClosed = fake.nextAbort();
    const started = performance.now();
    controller.abort();
    await upstreamClosed;
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 100, `the upstream request closed ${elapsed.toFixed(1)} ms after the client left`);
    assert.deepEqual(states(), { openai: 'closed' });
  });

  it('a client leaving before the first byte aborts the upstream call too', async () => {
    fake.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const upstreamClosed = fake.nextAbort();
    const pending = post({}, controller.signal).catch((error: unknown) => error);
    while (fake.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    controller.abort();
    await upstreamClosed;
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 100, `the upstream request closed ${elapsed.toFixed(1)} ms after the client left`);
    await pending;
    assert.deepEqual(states(), { openai: 'closed' });
  });
});
