import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProviderUsage } from '@latticelm/providers';
import { computeCost } from './compute-cost';
import { builtInPriceTable } from './pricing.module';
import type { ModelPrice } from './model-price';
import { ratesOf } from './model-price';

const table = builtInPriceTable();
const price = (type: Parameters<typeof table.lookup>[0], id: string): ModelPrice => {
  const found = table.lookup(type, id);
  assert.ok(found, `${type} ${id} is priced`);
  return found;
};
const usage = (fields: Partial<ProviderUsage> & Pick<ProviderUsage, 'inputTokens' | 'outputTokens'>): ProviderUsage => ({
  cachedTokens: 0,
  reasoningTokens: 0,
  ...fields,
});

// Every expectation is worked by hand: tokens × USD per million, summed, divided by a million.
describe('computeCost', () => {
  it('OpenAI: cached input at the cached price (cached tokens are part of input_tokens)', () => {
    // gpt-4o-mini: 500 fresh × 0.15 + 1500 cached × 0.075 + 300 out × 0.60 = 75 + 112.5 + 180 = 367.5 → $0.0003675
    assert.equal(computeCost(price('openai', 'gpt-4o-mini'), usage({ inputTokens: 2000, cachedTokens: 1500, outputTokens: 300 })), 0.0003675);
  });

  it('OpenAI: reasoning tokens at the reasoning price (the output price; they are part of output_tokens)', () => {
    // o4-mini: 1000 × 1.10 + 500 visible × 4.40 + 1500 reasoning × 4.40 = 1100 + 2200 + 6600 = 9900 → $0.0099
    assert.equal(computeCost(price('openai', 'o4-mini'), usage({ inputTokens: 1000, outputTokens: 2000, reasoningTokens: 1500 })), 0.0099);
  });

  it('Azure OpenAI takes OpenAI prices by the model id', () => {
    // gpt-4.1: 1000 × 2 + 1000 cached × 0.50 + 100 × 8 = 2000 + 500 + 800 = 3300 → $0.0033
    assert.equal(computeCost(price('azureopenai', 'gpt-4.1-2025-04-14'), usage({ inputTokens: 2000, cachedTokens: 1000, outputTokens: 100 })), 0.0033);
  });

  it('Anthropic: cache reads and cache writes each at their price', () => {
    // claude-sonnet-4-5: 25 fresh × 3 + 40 read × 0.30 + 10 written × 3.75 + 15 out × 15 = 75 + 12 + 37.5 + 225 = 349.5
    const cost = computeCost(price('anthropic', 'claude-sonnet-4-5-20250929'), usage({ inputTokens: 75, cachedTokens: 40, cacheWriteTokens: 10, outputTokens: 15 }));
    assert.equal(cost, 0.0003495);
  });

  it('Anthropic: thinking tokens at the output price; Azure Anthropic as Anthropic', () => {
    // claude-haiku-4-5: 36 × 1 + 49 visible × 5 + 210 thinking × 5 = 36 + 245 + 1050 = 1331 → $0.001331
    assert.equal(computeCost(price('azureanthropic', 'claude-haiku-4-5'), usage({ inputTokens: 36, outputTokens: 259, reasoningTokens: 210 })), 0.001331);
  });

  it('Anthropic long context: over 200K input tokens (cache included) every figure is the long-context one', () => {
    // claude-sonnet-4: 250000 × 6 + 1000 × 22.50 = 1,500,000 + 22,500 → $1.5225
    assert.equal(computeCost(price('anthropic', 'claude-sonnet-4-20250514'), usage({ inputTokens: 250_000, outputTokens: 1000 })), 1.5225);
    // at the threshold the standard price still applies: 200000 × 3 + 1000 × 15 = 615,000 → $0.615
    assert.equal(computeCost(price('anthropic', 'claude-sonnet-4-20250514'), usage({ inputTokens: 200_000, outputTokens: 1000 })), 0.615);
  });

  it('an unconfirmed figure makes the cost unknown, never a guess', () => {
    assert.equal(computeCost(price('anthropic', 'claude-sonnet-4-6'), usage({ inputTokens: 250_000, outputTokens: 10 })), undefined);
    assert.equal(computeCost(price('openai', 'gpt-5-pro'), usage({ inputTokens: 100, cachedTokens: 50, outputTokens: 10 })), undefined);
    // without cached tokens the null cached price is not needed: 100 × 15 + 10 × 120 = 2700 → $0.0027
    assert.equal(computeCost(price('openai', 'gpt-5-pro'), usage({ inputTokens: 100, outputTokens: 10 })), 0.0027);
  });

  it('Gemini: cached content and thinking tokens', () => {
    // gemini-2.5-flash: 20 fresh × 0.30 + 10 cached × 0.03 + 8 visible × 2.50 + 4 thoughts × 2.50 = 6 + 0.3 + 20 + 10 = 36.3
    assert.equal(computeCost(price('google', 'gemini-2.5-flash'), usage({ inputTokens: 30, cachedTokens: 10, outputTokens: 12, reasoningTokens: 4 })), 0.0000363);
  });

  it('Gemini long context and Vertex AI by the model id', () => {
    // gemini-2.5-pro over 200K: 200000 fresh × 2.50 + 100000 cached × 0.25 + 5000 × 15 = 500,000 + 25,000 + 75,000 → $0.6
    assert.equal(computeCost(price('vertexai', 'gemini-2.5-pro'), usage({ inputTokens: 300_000, cachedTokens: 100_000, outputTokens: 5000 })), 0.6);
    // gemini-3-flash-preview: 1000 × 0.50 + 200 × 3 = 1100 → $0.0011
    assert.equal(computeCost(price('vertexai', 'models/gemini-3-flash-preview'), usage({ inputTokens: 1000, outputTokens: 200 })), 0.0011);
  });

  it('counts that contradict each other are unknown', () => {
    const flat: ModelPrice = { rates: ratesOf({ input: 1, output: 2 }) };
    assert.equal(computeCost(flat, usage({ inputTokens: 5, cachedTokens: 10, outputTokens: 1 })), undefined);
    assert.equal(computeCost(flat, usage({ inputTokens: 5, outputTokens: 1, reasoningTokens: 2 })), undefined);
  });

  it('an override with its own reasoning price; cached and cache-write default to the input price', () => {
    const override: ModelPrice = { rates: ratesOf({ input: 1, output: 2, reasoning: 4 }) };
    // 10 fresh × 1 + 5 cached × 1 + 5 written × 1 + 3 visible × 2 + 7 reasoning × 4 = 10 + 5 + 5 + 6 + 28 = 54
    assert.equal(computeCost(override, usage({ inputTokens: 20, cachedTokens: 5, cacheWriteTokens: 5, outputTokens: 10, reasoningTokens: 7 })), 0.000054);
  });
});
