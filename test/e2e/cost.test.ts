import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type OpenAI from 'openai';
import { PROVIDER_FIXTURES } from '../contract/fixtures';
import type { FakeUpstream } from '../fakes/fake-upstream';
import type { FakeUsage } from '../fakes/scenario';
import { Exposition, parsePrometheusText } from '../observability/prometheus-text';
import { RunningGateway, gatewayClient, startGateway } from '../support/gateway-harness';

/**
 * Each of the six provider kinds behind one gateway, its fake reporting cached, cache-write and reasoning usage;
 * the cost in the header (JSON), on the stream's final response and in /metrics must equal a hand computation
 * from the built-in price table.
 */
interface Case {
  provider: string;
  /** the gateway's model name and the vendor id it is priced by */
  model: string;
  providerModelId: string;
  usage: FakeUsage;
  usd: number;
}

const CASES: Case[] = [
  // 500 fresh × 0.15 + 1500 cached × 0.075 + 300 × 0.60 = 75 + 112.5 + 180 = 367.5 per million
  { provider: 'openai', model: 'gpt-4o-mini', providerModelId: 'gpt-4o-mini', usage: { inputTokens: 2000, cachedTokens: 1500, outputTokens: 300 }, usd: 0.0003675 },
  // an Azure deployment named after its model, priced by the name: 1000 × 2 + 1000 cached × 0.50 + 100 × 8 = 3300
  { provider: 'azureopenai', model: 'gpt-4.1', providerModelId: 'gpt41-deployment', usage: { inputTokens: 2000, cachedTokens: 1000, outputTokens: 100, reasoningTokens: 40 }, usd: 0.0033 },
  // 25 fresh × 3 + 40 read × 0.30 + 10 written × 3.75 + 15 × 15 = 75 + 12 + 37.5 + 225 = 349.5
  { provider: 'anthropic', model: 'claude-sonnet-4-6', providerModelId: 'claude-sonnet-4-6', usage: { inputTokens: 75, cachedTokens: 40, cacheCreationTokens: 10, outputTokens: 15 }, usd: 0.0003495 },
  // dated id → claude-haiku-4-5: 36 × 1 + 49 visible × 5 + 210 thinking × 5 = 36 + 245 + 1050 = 1331
  { provider: 'azureanthropic', model: 'azure-claude', providerModelId: 'claude-haiku-4-5-20251001', usage: { inputTokens: 36, outputTokens: 259, reasoningTokens: 210 }, usd: 0.001331 },
  // 20 fresh × 0.30 + 10 cached × 0.03 + 8 visible × 2.50 + 4 thoughts × 2.50 = 6 + 0.3 + 20 + 10 = 36.3
  { provider: 'google', model: 'gemini-2.5-flash', providerModelId: 'gemini-2.5-flash', usage: { inputTokens: 30, cachedTokens: 10, outputTokens: 12, reasoningTokens: 4 }, usd: 0.0000363 },
  // 800 fresh × 1.25 + 200 cached × 0.125 + 400 visible × 10 + 100 thoughts × 10 = 1000 + 25 + 4000 + 1000 = 6025
  { provider: 'vertexai', model: 'vertex-gemini', providerModelId: 'gemini-2.5-pro', usage: { inputTokens: 1000, cachedTokens: 200, outputTokens: 500, reasoningTokens: 100 }, usd: 0.006025 },
];

describe('cost of each response, on every provider', () => {
  const fakes = new Map<string, FakeUpstream>();
  let gateway: RunningGateway;
  let client: OpenAI;

  const scrape = async (): Promise<Exposition> => parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());

  before(async () => {
    for (const fixture of PROVIDER_FIXTURES) fakes.set(fixture.name, fixture.createFake());
    await Promise.all([...fakes.values()].map((fake) => fake.start()));
    gateway = await startGateway({
      observability: { enabled: true, metrics: { enabled: true } },
      providers: Object.fromEntries(PROVIDER_FIXTURES.map((fixture) => [fixture.name, { ...fixture.providerConfig(fakes.get(fixture.name)!.url), max_retries: 0 }])),
      models: [
        ...CASES.map(({ provider, model, providerModelId }) => ({ name: model, provider, provider_model_id: providerModelId })),
        { name: 'house-model', provider: 'openai', provider_model_id: 'llama-3-70b', pricing: { input: 0.5, output: 1.5 } },
        { name: 'mystery', provider: 'openai', provider_model_id: 'llama-3-8b' },
      ],
    });
    client = gatewayClient(gateway);
  });
  after(async () => {
    await gateway?.close();
    await Promise.all([...fakes.values()].map((fake) => fake.stop()));
  });

  for (const { provider, model, usage, usd } of CASES) {
    it(`${provider}: header, final stream response and metric equal the hand computation (${usd} USD)`, async () => {
      const before = await scrape();
      fakes.get(provider)!.enqueue({ kind: 'text', text: 'Hello there.', usage }, { kind: 'text', text: 'Hello again.', usage });

      const { data, response } = await client.responses.create({ model, input: 'hi', store: false }).withResponse();
      assert.equal(response.headers.get('x-latticelm-cost-usd'), String(usd));
      assert.equal((data as unknown as { cost_usd?: number }).cost_usd, usd);

      const stream = await client.responses.create({ model, input: 'hi', store: false, stream: true });
      let final: { cost_usd?: number } | undefined;
      for await (const event of stream) if (event.type === 'response.completed') final = event.response as unknown as { cost_usd?: number };
      assert.equal(final?.cost_usd, usd, 'the stream carries its cost on the final response');

      const after = await scrape();
      const labels = { provider, model };
      assert.ok(Math.abs(after.sum('latticelm_cost_usd_total', labels) - before.sum('latticelm_cost_usd_total', labels) - 2 * usd) < 1e-12);
    });
  }

  it('an override prices a model the table does not know', async () => {
    fakes.get('openai')!.enqueue({ kind: 'text', text: 'Hi.', usage: { inputTokens: 1000, outputTokens: 100 } });
    const { response } = await client.responses.create({ model: 'house-model', input: 'hi', store: false }).withResponse();
    // 1000 × 0.50 + 100 × 1.50 = 650 per million
    assert.equal(response.headers.get('x-latticelm-cost-usd'), '0.00065');
  });

  it('a model without a price: no header, no cost field, one unpriced request counted', async () => {
    const before = await scrape();
    fakes.get('openai')!.enqueue({ kind: 'text', text: 'Hi.', usage: { inputTokens: 10, outputTokens: 5 } });
    const { data, response } = await client.responses.create({ model: 'mystery', input: 'hi', store: false }).withResponse();
    assert.equal(response.headers.get('x-latticelm-cost-usd'), null);
    assert.equal((data as unknown as { cost_usd?: number }).cost_usd, undefined);
    const labels = { provider: 'openai', model: 'mystery', reason: 'no_price' };
    assert.equal((await scrape()).sum('latticelm_unpriced_requests_total', labels) - before.sum('latticelm_unpriced_requests_total', labels), 1);
  });
});
