import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayEvents, GatewayEventMap, RequestScope } from '@latticelm/api';
import { buildConfig } from '@latticelm/config';
import type { Provider, ProviderEvent, ProviderRequest } from '@latticelm/providers';
import { CostMeter } from './cost-meter';
import { PriceBook } from './price-book';
import { builtInPriceTable } from './pricing.module';

const config = buildConfig(
  {
    providers: { openai: { type: 'openai', api_key: 'k' }, azure: { type: 'azureopenai', api_key: 'k', endpoint: 'https://x.openai.azure.com' }, claude: { type: 'anthropic', api_key: 'k' } },
    models: [
      { name: 'gpt-4o', provider: 'azure', provider_model_id: 'my-gpt4o-deployment' },
      { name: 'house-model', provider: 'openai', provider_model_id: 'llama-3-70b', pricing: { input: 0.5, output: 1.5, reasoning: 3 } },
      { name: 'cheap', provider: 'openai', provider_model_id: 'gpt-4o-mini', pricing: { input: 0.1, output: 0.2 } },
      { name: 'mystery', provider: 'openai', provider_model_id: 'llama-3-8b' },
    ],
  },
  'test',
);

const provider = (name: string, type: Provider['type']) => ({ name, type }) as Provider;

describe('PriceBook', () => {
  const book = new PriceBook(config, builtInPriceTable());

  it('resolves configured models at start-up: override, then provider_model_id, then the name (an Azure deployment)', () => {
    assert.equal(book.priceFor('azure', 'azureopenai', 'gpt-4o', 'my-gpt4o-deployment')?.rates.input, 2.5);
    assert.deepEqual(book.priceFor('openai', 'openai', 'house-model', 'llama-3-70b')?.rates, { input: 0.5, cachedInput: 0.5, cacheWrite: 0.5, output: 1.5, reasoning: 3 });
    assert.equal(book.priceFor('openai', 'openai', 'cheap', 'gpt-4o-mini')?.rates.input, 0.1, 'the override wins over the table');
    assert.deepEqual(book.unpriced(), ['mystery (openai)']);
  });

  it('prices names routed by prefix by their vendor id, memoized', () => {
    const first = book.priceFor('claude', 'anthropic', 'claude-opus-4-5-20251101', 'claude-opus-4-5-20251101');
    assert.equal(first?.rates.output, 25);
    assert.equal(book.priceFor('claude', 'anthropic', 'claude-opus-4-5-20251101', 'claude-opus-4-5-20251101'), first);
    assert.equal(book.priceFor('openai', 'openai', 'gpt-made-up', 'gpt-made-up'), undefined);
  });
});

describe('CostMeter', () => {
  const book = new PriceBook(config, builtInPriceTable());
  const run = (scope: RequestScope, model: string, events: ProviderEvent[], ok = true, request: Partial<ProviderRequest> = {}) => {
    const bus = new GatewayEvents();
    const heard: unknown[] = [];
    bus.on('cost.recorded', (event: GatewayEventMap['cost.recorded']) => heard.push(event));
    bus.on('cost.unpriced', (event: GatewayEventMap['cost.unpriced']) => heard.push(event));
    scope.model = model;
    const observer = new CostMeter(book, bus).begin({ provider: provider('claude', 'anthropic'), request: { model, stream: true, ...request } as ProviderRequest, scope });
    for (const event of events) observer.event?.(event);
    observer.end(ok ? { ok: true } : { ok: false, error: new Error('x'), aborted: false });
    return heard;
  };

  it('prices a stream whose usage came in parts (input first, output at the end)', () => {
    const scope: RequestScope = { requestId: 'r' };
    const heard = run(scope, 'claude-haiku-4-5', [
      { type: 'usage', usage: { inputTokens: 1100, outputTokens: 1, cachedTokens: 1000, reasoningTokens: 0, cacheWriteTokens: 0 } },
      { type: 'text.delta', delta: 'Hi' },
      { type: 'usage', usage: { outputTokens: 40 } },
    ]);
    // 100 × 1 + 1000 × 0.10 + 40 × 5 = 100 + 100 + 200 = 400 → $0.0004
    assert.equal(scope.costUsd, 0.0004);
    assert.deepEqual(heard, [{ provider: 'claude', model: 'claude-haiku-4-5', usd: 0.0004 }]);
  });

  it('sums attempts; one unknown attempt makes the whole cost unknown', () => {
    const scope: RequestScope = { requestId: 'r' };
    const once = { type: 'usage', usage: { inputTokens: 100, outputTokens: 10, cachedTokens: 0, reasoningTokens: 0 } } as const;
    run(scope, 'claude-haiku-4-5', [once]);
    run(scope, 'claude-haiku-4-5', [once]);
    assert.equal(scope.costUsd, 0.0003, '2 × (100 × 1 + 10 × 5)');
    assert.deepEqual(run(scope, 'claude-unknown-9', [once]), [{ provider: 'claude', model: 'claude-unknown-9', reason: 'no_price' }]);
    assert.equal(scope.costUnknown, true);
  });

  it('a call that failed before answering costs nothing; one that answered without usage is unknown', () => {
    const failed: RequestScope = { requestId: 'r' };
    assert.deepEqual(run(failed, 'claude-haiku-4-5', [], false), []);
    assert.equal(failed.costUsd, undefined);
    assert.equal(failed.costUnknown, undefined);
    const silent: RequestScope = { requestId: 'r' };
    assert.deepEqual(run(silent, 'claude-haiku-4-5', [{ type: 'text.delta', delta: 'x' }]), [{ provider: 'claude', model: 'claude-haiku-4-5', reason: 'no_usage' }]);
  });

  it('flex and priority service tiers bill other rates: unknown', () => {
    const scope: RequestScope = { requestId: 'r' };
    const events: ProviderEvent[] = [{ type: 'usage', usage: { inputTokens: 1, outputTokens: 1, cachedTokens: 0, reasoningTokens: 0 } }];
    assert.deepEqual(run(scope, 'claude-haiku-4-5', events, true, { serviceTier: 'flex' }), [{ provider: 'claude', model: 'claude-haiku-4-5', reason: 'service_tier' }]);
  });
});
