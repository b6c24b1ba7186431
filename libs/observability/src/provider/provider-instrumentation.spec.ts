import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayEvents, GatewayEventMap } from '@latticelm/api';
import { ClientAbortedError, Provider, ProviderEvent, ProviderRequest, upstreamHttpError } from '@latticelm/providers';
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
const SCOPE = { requestId: 'r' };

function setup() {
  const events = new GatewayEvents();
  const errors: GatewayEventMap['upstream.error'][] = [];
  events.on('upstream.error', (event) => errors.push(event));
  const labels = new ModelLabels([{ name: 'friendly', provider: 'primary', providerModelId: 'vendor-id', fallbacks: [] }]);
  const usage: unknown[][] = [];
  const ttft: unknown[] = [];
  const metrics = {
    streamsInFlight: { inc: () => undefined, dec: () => undefined },
    timeToFirstToken: { observe: (labels: unknown) => ttft.push(labels) },
    recordUsage: (...args: unknown[]) => usage.push(args),
  };
  let clock = 0;
  const instrumentation = new ProviderInstrumentation({ labels, events, metrics: metrics as never, now: () => clock++ });
  return { instrumentation, errors, usage, ttft };
}

describe('ProviderInstrumentation', () => {
  it('records usage and time to first token under the configured model name', () => {
    const { instrumentation, usage, ttft } = setup();
    const observer = instrumentation.begin({ provider: new NamedProvider(), request: REQUEST, scope: SCOPE });
    observer.event?.({ type: 'text.delta', delta: 'hi' });
    observer.event?.({ type: 'usage', usage: { inputTokens: 3, outputTokens: 2 } });
    observer.event?.({ type: 'finish', reason: 'stop' });
    observer.end({ ok: true });
    assert.deepEqual(ttft, [{ provider: 'primary', model: 'friendly' }]);
    assert.deepEqual(usage, [['primary', 'friendly', 3, 2, 0]]);
  });

  it('reports an upstream failure once, by kind', () => {
    const { instrumentation, errors } = setup();
    const observer = instrumentation.begin({ provider: new NamedProvider(), request: REQUEST, scope: SCOPE });
    observer.end({ ok: false, error: upstreamHttpError({ provider: 'primary', status: 503, message: 'down' }), aborted: false });
    assert.deepEqual(errors, [{ provider: 'primary', kind: 'http_5xx' }]);
  });

  it('counts no upstream error when the client left or the gateway stopped the call', () => {
    const { instrumentation, errors } = setup();
    instrumentation.begin({ provider: new NamedProvider(), request: REQUEST, scope: SCOPE }).end({ ok: false, error: new ClientAbortedError(), aborted: true });
    instrumentation
      .begin({ provider: new NamedProvider(), request: REQUEST, scope: SCOPE })
      .end({ ok: false, error: upstreamHttpError({ provider: 'primary', status: 503, message: 'down' }), aborted: true });
    assert.deepEqual(errors, []);
  });

  it('needs no context switch per step when tracing is off', () => {
    const { instrumentation } = setup();
    assert.equal(instrumentation.begin({ provider: new NamedProvider(), request: REQUEST, scope: SCOPE }).within, undefined);
  });
});
