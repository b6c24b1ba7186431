import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Provider, ProviderRequest, hasReadinessCheck } from './provider';
import { ProviderDecorator } from './provider-decorator';
import type { ProviderEvent } from './provider-event';

class ReadyProvider extends Provider {
  readonly name = 'p1';
  readonly type = 'openai' as const;
  checks = 0;
  async *generate(): AsyncIterable<ProviderEvent> {
    yield { type: 'text.delta', delta: 'inner' };
  }
  async checkReady(): Promise<void> {
    this.checks += 1;
  }
}

class Tagging extends ProviderDecorator {
  constructor(inner: Provider) {
    super(inner);
  }
  async *generate(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    yield { type: 'text.delta', delta: 'outer' };
    yield* this.inner.generate(request, signal);
  }
}

describe('ProviderDecorator', () => {
  it('keeps the name and type, overrides generate, and forwards capabilities it lacks to the inner provider', async () => {
    const inner = new ReadyProvider();
    const decorated = new Tagging(new Tagging(inner));
    assert.equal(decorated.name, 'p1');
    assert.equal(decorated.type, 'openai');
    const deltas: string[] = [];
    for await (const event of decorated.generate({} as ProviderRequest, new AbortController().signal)) {
      if (event.type === 'text.delta') deltas.push(event.delta);
    }
    assert.deepEqual(deltas, ['outer', 'outer', 'inner']);
    assert.ok(hasReadinessCheck(decorated), 'the readiness check survives two layers');
    await decorated.checkReady(new AbortController().signal);
    assert.equal(inner.checks, 1);
  });
});
