import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeCompactRequest } from './normalize-compact-request';

function refusal(body: unknown) {
  try {
    normalizeCompactRequest(body);
  } catch (error) {
    return error as { status: number; param: string; code: string };
  }
  return assert.fail('expected a refusal');
}

describe('normalizeCompactRequest', () => {
  it('reads the spec body: model, input, previous_response_id, instructions, prompt_cache_key', () => {
    const request = normalizeCompactRequest({
      model: 'claude-sonnet-4-5',
      input: [{ type: 'message', role: 'user', content: 'We launch on Tuesday.' }, { type: 'compaction', encrypted_content: 'gAAAA' }],
      previous_response_id: 'resp_1',
      instructions: 'be brief',
      prompt_cache_key: 'k',
    });
    assert.equal(request.model, 'claude-sonnet-4-5');
    assert.equal(request.previousResponseId, 'resp_1');
    assert.equal(request.promptCacheKey, 'k');
    assert.equal(request.input.length, 2);
    assert.equal(request.input[1].type, 'compaction');
  });

  it('refuses a missing model (the one required field) with a 400 naming it', () => {
    const error = refusal({ input: [{ type: 'message', role: 'user', content: 'Compact this conversation.' }] });
    assert.equal(error.status, 400);
    assert.equal(error.param, 'model');
    assert.equal(error.code, 'missing_required_parameter');
  });

  it('refuses unknown fields, a prompt_cache_key over 64 characters and a compaction item without content', () => {
    assert.equal(refusal({ model: 'm', stream: true }).param, 'stream');
    assert.equal(refusal({ model: 'm', prompt_cache_key: 'k'.repeat(65) }).param, 'prompt_cache_key');
    assert.equal(refusal({ model: 'm', input: [{ type: 'compaction' }] }).param, 'input[0].encrypted_content');
  });
});
