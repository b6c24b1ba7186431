import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProviderUsage, applyReportedUsage } from './provider-event';

describe('applyReportedUsage', () => {
  it('replaces what a later report names and keeps what it leaves out (running totals, as Anthropic sends them)', () => {
    const tally: ProviderUsage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
    applyReportedUsage(tally, { inputTokens: 25, cachedTokens: 40, cacheWriteTokens: 10, outputTokens: 1 });
    applyReportedUsage(tally, { outputTokens: 15 });
    assert.deepEqual(tally, { inputTokens: 25, outputTokens: 15, cachedTokens: 40, reasoningTokens: 0, cacheWriteTokens: 10 });
  });
});
