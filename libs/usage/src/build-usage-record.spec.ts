import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EndedRequest, RequestScope } from '@latticelm/api';
import { buildUsageRecord } from './build-usage-record';

function ended(scope: Partial<RequestScope>, overrides: Partial<EndedRequest> = {}): EndedRequest {
  return {
    scope: { requestId: 'req-1', ...scope },
    route: 'POST /v1/responses',
    status: 200,
    stream: false,
    latencyMs: 250,
    startedAt: 1000,
    requestedModel: 'asked-model',
    body: { input: 'secret prompt' },
    ...overrides,
  };
}

describe('the usage record of an ended request', () => {
  it('copies who, what and how much from the scope; no prompt unless asked for', () => {
    const record = buildUsageRecord(
      ended({
        apiKey: { id: 'key_1', name: 'ci' },
        caller: 'team-a',
        model: 'gpt-4o-mini',
        provider: 'openai',
        usage: { inputTokens: 100, outputTokens: 30, cachedTokens: 60, cacheWriteTokens: 10, reasoningTokens: 12 },
        costUsd: 0.0012,
        cacheHit: true,
      }),
      1_767_225_600_000,
      0,
    );
    assert.deepEqual(record, {
      at: 1_767_225_600_000,
      requestId: 'req-1',
      keyId: 'key_1',
      keyName: 'ci',
      owner: 'team-a',
      model: 'gpt-4o-mini',
      provider: 'openai',
      route: 'POST /v1/responses',
      status: 200,
      outcome: 'ok',
      stream: false,
      inputTokens: 100,
      cachedTokens: 60,
      cacheWriteTokens: 10,
      outputTokens: 30,
      reasoningTokens: 12,
      costUsd: 0.0012,
      latencyMs: 250,
      ttftMs: null,
      cacheHit: true,
      prompt: null,
    });
  });

  it('is anonymous without a caller, takes the requested model when none was resolved, and keeps the prompt when on', () => {
    const record = buildUsageRecord(ended({}, { status: 404 }), 1, 5);
    assert.equal(record.owner, 'anonymous');
    assert.equal(record.keyId, null);
    assert.equal(record.model, 'asked-model');
    assert.equal(record.provider, null);
    assert.equal(record.outcome, 'error');
    assert.equal(record.costUsd, 0, 'nothing reported, nothing billed');
    assert.equal(record.prompt, 'secre');
  });

  it('tells a failed stream, a client that left and an unknown cost apart', () => {
    const usage = { inputTokens: 5, outputTokens: 5 };
    assert.equal(buildUsageRecord(ended({ streamFailed: true, usage }), 1, 0).outcome, 'stream_failed');
    assert.equal(buildUsageRecord(ended({ streamFailed: true }, { status: 499 }), 1, 0).outcome, 'client_closed');
    assert.equal(buildUsageRecord(ended({ usage, costUsd: 1, costUnknown: true }), 1, 0).costUsd, null, 'one unpriced attempt: no cost at all');
    assert.equal(buildUsageRecord(ended({ usage }), 1, 0).costUsd, null, 'tokens but no price (pricing off)');
  });

  it('says whether the response cache answered: true, false when it looked elsewhere, null when it is off', () => {
    assert.equal(buildUsageRecord(ended({ cacheHit: true, cacheStatus: 'hit', costUsd: 0 }), 1, 0).cacheHit, true);
    assert.equal(buildUsageRecord(ended({ cacheStatus: 'miss' }), 1, 0).cacheHit, false);
    assert.equal(buildUsageRecord(ended({}), 1, 0).cacheHit, null);
    assert.equal(buildUsageRecord(ended({ cacheHit: true, cacheStatus: 'hit', costUsd: 0 }), 1, 0).costUsd, 0, 'a hit costs nothing');
  });

  it('measures time to first token from arrival, for streams only', () => {
    assert.equal(buildUsageRecord(ended({ firstOutputAt: 1080 }, { stream: true }), 1, 0).ttftMs, 80);
    assert.equal(buildUsageRecord(ended({ firstOutputAt: 1080 }, { stream: false }), 1, 0).ttftMs, null);
    assert.equal(buildUsageRecord(ended({}, { stream: true }), 1, 0).ttftMs, null);
  });
});
