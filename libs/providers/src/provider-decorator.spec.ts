import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Provider, ProviderRequest } from './provider';
import { ProviderDecorator } from './provider-decorator';
import type { ProviderEvent } from './provider-event';

class InnerProvider extends Provider {
  readonly name = 'p1';
  readonly type = 'openai' as const;
  async *generate(): AsyncIterable<ProviderEvent> {
    yield { type: 'text.delta', delta: 'inner' };
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
  it('keeps the name and type of the provider it wraps and overrides generate', async () => {
    const decorated = new Tagging(new Tagging(new InnerProvider()));
    assert.equal(decorated.name, 'p1');
    assert.equal(decorated.type, 'openai');
    const deltas: string[] = [];
    for await (const event of decorated.generate({} as ProviderRequest, new AbortController().signal)) {
      if (event.type === 'text.delta') deltas.push(event.delta);
    }
    assert.deepEqual(deltas, ['outer', 'outer', 'inner']);
  });
});
