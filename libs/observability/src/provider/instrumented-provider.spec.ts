import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayEvents, GatewayEventMap } from '@latticelm/api';
import { Provider, ProviderEvent, ProviderRequest, upstreamHttpError } from '@latticelm/providers';
import { ModelLabels } from '../metrics/model-labels';
import { RequestObservation, runInRequest } from '../request/request-context';
import { InstrumentedProvider } from './instrumented-provider';

class ScriptedProvider extends Provider {
  readonly name = 'primary';
  readonly type = 'openai' as const;
  closed = false;
  constructor(private readonly script: (signal: AbortSignal) => AsyncGenerator<ProviderEvent>) {
    super();
  }
  async *generate(_request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    try {
      yield* this.script(signal);
    } finally {
      this.closed = true;
    }
  }
}

const REQUEST = { model: 'vendor-id', input: [], stream: true } as unknown as ProviderRequest;

function setup(script: (signal: AbortSignal) => AsyncGenerator<ProviderEvent>) {
  const events = new GatewayEvents();
  const errors: GatewayEventMap['upstream.error'][] = [];
  events.on('upstream.error', (event) => errors.push(event));
  const inner = new ScriptedProvider(script);
  const labels = new ModelLabels([{ name: 'friendly', provider: 'primary', providerModelId: 'vendor-id', fallbacks: [] }]);
  const provider = new InstrumentedProvider(inner, { labels, events });
  return { inner, provider, errors };
}

function observation(): RequestObservation {
  return { requestId: 'r', method: 'POST', path: '/v1/responses', startedAt: 0, stream: true };
}

describe('InstrumentedProvider', () => {
  it('passes events through and tells the access log who served the request', async () => {
    const { provider } = setup(async function* () {
      yield { type: 'text.delta', delta: 'hi' };
      yield { type: 'finish', reason: 'stop' };
    });
    const seen = observation();
    const events = await runInRequest(seen, async () => {
      const out: ProviderEvent[] = [];
      for await (const event of provider.generate(REQUEST, new AbortController().signal)) out.push(event);
      return out;
    });
    assert.deepEqual(events.map((event) => event.type), ['text.delta', 'finish']);
    assert.equal(seen.provider, 'primary');
    assert.equal(seen.model, 'friendly');
  });

  it('reports an upstream failure once, by kind', async () => {
    const { provider, errors } = setup(async function* () {
      yield* [];
      throw upstreamHttpError({ provider: 'primary', status: 503, message: 'down' });
    });
    await assert.rejects(async () => {
      for await (const _ of provider.generate(REQUEST, new AbortController().signal));
    });
    assert.deepEqual(errors, [{ provider: 'primary', kind: 'http_5xx' }]);
  });

  it('closes the vendor stream when the consumer stops early, and a client abort is no upstream error', async () => {
    const controller = new AbortController();
    const { provider, inner, errors } = setup(async function* () {
      yield { type: 'text.delta', delta: 'a' };
      yield { type: 'text.delta', delta: 'b' };
    });
    for await (const _ of provider.generate(REQUEST, controller.signal)) {
      controller.abort();
      break;
    }
    assert.equal(inner.closed, true);
    assert.deepEqual(errors, []);
  });
});
