import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PriceTable, RawPriceFile } from './price-table';
import { builtInPriceTable } from './pricing.module';

const table = builtInPriceTable();

describe('PriceTable', () => {
  it('resolves dated, versioned and -latest ids to their family', () => {
    const cases: [Parameters<typeof table.lookup>[0], string, string][] = [
      ['anthropic', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
      ['anthropic', 'claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
      ['anthropic', 'claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
      ['anthropic', 'claude-opus-4-1-20250805', 'claude-opus-4-1'],
      ['openai', 'gpt-4o-2024-08-06', 'gpt-4o'],
      ['openai', 'o3-mini-2025-01-31', 'o3-mini'],
      ['openai', 'gpt-5-chat-latest', 'gpt-5'],
      ['google', 'gemini-2.0-flash-001', 'gemini-2.0-flash'],
      ['google', 'models/gemini-2.5-flash', 'gemini-2.5-flash'],
    ];
    for (const [type, id, family] of cases) assert.deepEqual(table.lookup(type, id), table.lookup(type, family), id);
    assert.equal(table.lookup('anthropic', 'claude-sonnet-4-5-20250929')?.rates.input, 3);
  });

  it('prices every model the README and config.example.yaml name', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const text = ['README.md', 'config.example.yaml'].map((file) => readFileSync(join(root, file), 'utf8')).join('\n');
    const named = new Set(text.match(/\b(?:gpt-[\w.-]+|o[134]-mini|claude-[\w.-]+|gemini-[\w.-]+)\b/g));
    for (const name of named) {
      // the README's gemini-thought-signature: markers, not models
      if (name.endsWith('-signature')) continue;
      // embedding models (POST /v1/embeddings) are not priced: that endpoint reports no cost
      if (name.includes('embedding')) continue;
      const type = name.startsWith('claude') ? 'anthropic' : name.startsWith('gemini') ? 'google' : 'openai';
      assert.ok(table.lookup(type, name), `${name} has a price`);
    }
  });

  it('keeps vendors apart and knows nothing it was not told', () => {
    assert.equal(table.lookup('openai', 'claude-sonnet-4-5'), undefined);
    assert.equal(table.lookup('google', 'gemini-2.5-flash-image'), undefined);
    assert.equal(table.lookup('openai', 'llama-3-70b'), undefined);
  });

  it('refuses a malformed table at start-up', () => {
    const bad = (models: RawPriceFile['vendors'][string]['models']) => () => new PriceTable({ vendors: { x: { serves: ['openai'], models } } });
    assert.throws(bad({ m: { input: 1 } }), /needs input and output/);
    assert.throws(bad({ m: { input: -1, output: 1 } }), /must be a number >= 0 or null/);
    assert.throws(bad({ m: { same_as: 'nope' } }), /same_as names no priced entry/);
  });
});
