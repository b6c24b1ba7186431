import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayEvents, GatewayEventMap, RequestScope } from '@latticelm/api';
import { ClientAbortedError, Provider, ProviderEvent, ProviderRequest, upstreamHttpError } from '@latticelm/providers';
import { CallerLabels } from '../metrics/caller-labels';
import { ModelLabels } from '../metrics/model-labels';
import { ProviderInstrumentation } from './provider-instrumentation';

class NamedProvider extends Provider {
  readonly name = 'primary';
  readonly type = 'openai' as const;
  // eslint-disable-next-line require-yield -- never called: the interceptor only reads the name and type
  async *generate(): AsyncIterable<ProviderEvent> {
    throw new Error('not called');
  }
}

const REQUEST = { model: 'vendor-id', input: [], stream: true } as unknown as ProviderRequest;
const SCOPE: RequestScope = { requestId: 'r', model: 'friendly' };

function setup(options: { callers?: CallerLabels; maxRouted?: number } = {}) {
  const events = new GatewayEvents();
  const errors: GatewayEventMap['upstream.error'][] = [];
  events.on('upstream.error', (event) => errors.push(event));
  const labels = new ModelLabels([{ name: 'friendly', provider: 'primary', providerModelId: 'vendor-id', fallbacks: [] }], options.maxRouted);
  const usage: unknown[][] = [];
  const ttft: unknown[] = [];
  const gaps: { labels: unknown; seconds: number }[] = [];
  const rates: { labels: unknown; value: number }[] = [];
  const metrics = {
    streamsInFlight: { inc: () => undefined, dec: () => undefined },
    timeToFirstToken: { observe: (labels: unknown) => ttft.push(labels) },
    timePerOutputChunk: { labels: (labels: unknown) => ({ observe: (seconds: number) => gaps.push({ labels, seconds }) }) },
    outputTokensPerSecond: { observe: (labels: unknown, value: number) => rates.push({ labels, value }) },
    recordUsage: (...args: unknown[]) => usage.push(args),
  };
  // every reading of the clock is 100 ms after the previous one
  let clock = 0;
  const instrumentation = new ProviderInstrumentation({ labels, events, callers: options.callers, metrics: metrics as never, now: () => (clock += 100) });
  return { instrumentation, labels, errors, usage, ttft, gaps, rates };
}

const call = (scope: RequestScope = SCOPE, request: ProviderRequest = REQUEST) => ({ provider: new NamedProvider(), request, scope });

describe('ProviderInstrumentation', () => {
  it('records usage (reasoning included) and time to first token under the configured model name', () => {
    const { instrumentation, usage, ttft } = setup();
    const observer = instrumentation.begin(call());
    observer.event?.({ type: 'text.delta', delta: 'hi' });
    observer.event?.({ type: 'usage', usage: { inputTokens: 3, outputTokens: 2, reasoningTokens: 1 } });
    observer.event?.({ type: 'finish', reason: 'stop' });
    observer.end({ ok: true });
    assert.deepEqual(ttft, [{ provider: 'primary', model: 'friendly' }]);
    assert.deepEqual(usage, [[{ provider: 'primary', model: 'friendly' }, { inputTokens: 3, outputTokens: 2, cachedTokens: 0, reasoningTokens: 1 }]]);
  });

  it('observes the gap before every output chunk after the first, and tokens per second at the end of a stream', () => {
    const { instrumentation, gaps, rates } = setup();
    const observer = instrumentation.begin(call()); // clock 100
    observer.event?.({ type: 'text.delta', delta: 'a' }); // 200: first output
    observer.event?.({ type: 'text.delta', delta: 'b' }); // 300
    observer.event?.({ type: 'tool_call.start', callId: 'c', name: 'f' }); // 400
    observer.event?.({ type: 'tool_call.delta', callId: 'c', delta: '{}' }); // 500
    observer.event?.({ type: 'usage', usage: { inputTokens: 1, outputTokens: 8 } });
    observer.end({ ok: true }); // 600: 8 tokens in 0.4 s since the first output
    assert.deepEqual(gaps.map((gap) => gap.seconds), [0.1, 0.1, 0.1]);
    assert.deepEqual(gaps[0].labels, { provider: 'primary', model: 'friendly' });
    assert.deepEqual(rates, [{ labels: { provider: 'primary', model: 'friendly' }, value: 20 }]);
  });

  it('records no rate for a failed stream, a one-chunk stream or a JSON answer', () => {
    const { instrumentation, gaps, rates } = setup();
    const failed = instrumentation.begin(call());
    failed.event?.({ type: 'text.delta', delta: 'a' });
    failed.event?.({ type: 'text.delta', delta: 'b' });
    failed.event?.({ type: 'usage', usage: { inputTokens: 1, outputTokens: 2 } });
    failed.end({ ok: false, error: upstreamHttpError({ provider: 'primary', status: 500, message: 'cut' }), aborted: false });
    const single = instrumentation.begin(call());
    single.event?.({ type: 'text.delta', delta: 'all at once' });
    single.event?.({ type: 'usage', usage: { inputTokens: 1, outputTokens: 3 } });
    single.end({ ok: true });
    const json = instrumentation.begin(call(SCOPE, { ...REQUEST, stream: false }));
    json.event?.({ type: 'text.delta', delta: 'a' });
    json.event?.({ type: 'text.delta', delta: 'b' });
    json.event?.({ type: 'usage', usage: { inputTokens: 1, outputTokens: 2 } });
    json.end({ ok: true });
    assert.equal(gaps.length, 1, 'only the failed stream had a second chunk');
    assert.deepEqual(rates, []);
  });

  it('gives a prefix-routed name its own label once a vendor served it, up to the cap; refused names stay "other"', () => {
    const { instrumentation, usage } = setup({ maxRouted: 1 });
    const routed = (model: string, served: boolean) => {
      const observer = instrumentation.begin(call({ requestId: 'r', model }, { ...REQUEST, model }));
      if (served) observer.event?.({ type: 'text.delta', delta: 'x' });
      observer.event?.({ type: 'usage', usage: { inputTokens: 1, outputTokens: served ? 1 : 0 } });
      if (served) observer.end({ ok: true });
      else observer.end({ ok: false, error: upstreamHttpError({ provider: 'primary', status: 404, message: 'no such model' }), aborted: false });
    };
    routed('gpt-invented', false);
    routed('claude-3-5-sonnet-20241022', true);
    routed('claude-3-5-sonnet-20241022', true);
    routed('gpt-4.1', true);
    const models = usage.map(([labels]) => (labels as { model: string }).model);
    assert.deepEqual(models, ['other', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet-20241022', 'other']);
  });

  it('adds the caller to the token counters when that dimension is on, capped', () => {
    const { instrumentation, usage } = setup({ callers: new CallerLabels(2) });
    for (const caller of ['alice', undefined, 'bob', 'alice']) {
      const observer = instrumentation.begin(call({ ...SCOPE, caller }));
      observer.event?.({ type: 'usage', usage: { inputTokens: 1, outputTokens: 1 } });
      observer.end({ ok: true });
    }
    assert.deepEqual(
      usage.map(([labels]) => (labels as { caller: string }).caller),
      ['alice', 'anonymous', 'other', 'alice'],
    );
  });

  it('reports an upstream failure once, by kind', () => {
    const { instrumentation, errors } = setup();
    const observer = instrumentation.begin(call());
    observer.end({ ok: false, error: upstreamHttpError({ provider: 'primary', status: 503, message: 'down' }), aborted: false });
    assert.deepEqual(errors, [{ provider: 'primary', kind: 'http_5xx' }]);
  });

  it('counts no upstream error when the client left or the gateway stopped the call', () => {
    const { instrumentation, errors } = setup();
    instrumentation.begin(call()).end({ ok: false, error: new ClientAbortedError(), aborted: true });
    instrumentation.begin(call()).end({ ok: false, error: upstreamHttpError({ provider: 'primary', status: 503, message: 'down' }), aborted: true });
    assert.deepEqual(errors, []);
  });

  it('needs no context switch per step when tracing is off', () => {
    const { instrumentation } = setup();
    assert.equal(instrumentation.begin(call()).within, undefined);
  });
});
