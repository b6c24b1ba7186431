import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '@latticelm/api';
import { normalizeEmbeddingsRequest } from './normalize-embeddings-request';

function refusal(body: unknown): { param: string | null; code: string } {
  try {
    normalizeEmbeddingsRequest(body);
  } catch (error) {
    assert.ok(error instanceof GatewayError);
    assert.equal(error.status, 400);
    return { param: error.param, code: error.code };
  }
  assert.fail('accepted');
}

describe('normalizeEmbeddingsRequest', () => {
  it('takes every form of OpenAI input as a list, float by default', () => {
    assert.deepEqual(normalizeEmbeddingsRequest({ model: 'm', input: 'a' }), { model: 'm', provider: undefined, input: ['a'], encoding: 'float', user: undefined });
    assert.deepEqual(normalizeEmbeddingsRequest({ model: 'm', input: ['a', 'b'] }).input, ['a', 'b']);
    assert.deepEqual(normalizeEmbeddingsRequest({ model: 'm', input: [1, 2] }).input, [[1, 2]]);
    assert.deepEqual(normalizeEmbeddingsRequest({ model: 'm', input: [[1], [2, 3]] }).input, [[1], [2, 3]]);
  });

  it('carries dimensions, base64, user and the provider', () => {
    assert.deepEqual(normalizeEmbeddingsRequest({ model: 'm', input: 'a', dimensions: 256, encoding_format: 'base64', user: 'u', provider: 'p' }), {
      model: 'm',
      provider: 'p',
      input: ['a'],
      dimensions: 256,
      encoding: 'base64',
      user: 'u',
    });
  });

  it('names the field it refuses', () => {
    assert.deepEqual(refusal({ input: 'a' }), { param: 'model', code: 'missing_required_parameter' });
    assert.deepEqual(refusal({ model: 'm' }), { param: 'input', code: 'missing_required_parameter' });
    assert.equal(refusal({ model: 'm', input: '' }).param, 'input');
    assert.equal(refusal({ model: 'm', input: [] }).param, 'input');
    assert.equal(refusal({ model: 'm', input: ['a', 3] }).param, 'input[1]');
    assert.equal(refusal({ model: 'm', input: [1, 2.5] }).param, 'input[1]');
    assert.equal(refusal({ model: 'm', input: [[1], []] }).param, 'input[1]');
    assert.equal(refusal({ model: 'm', input: [[1], [2, -1]] }).param, 'input[1][1]');
    assert.equal(refusal({ model: 'm', input: [{ text: 'a' }] }).param, 'input[0]');
    assert.equal(refusal({ model: 'm', input: 'a', dimensions: 1.5 }).param, 'dimensions');
    assert.equal(refusal({ model: 'm', input: 'a', encoding_format: 'binary' }).param, 'encoding_format');
    assert.equal(refusal({ model: 'm', input: 'a', user: 7 }).param, 'user');
    assert.deepEqual(refusal({ model: 'm', input: 'a', input_type: 'query' }), { param: 'input_type', code: 'unknown_parameter' });
    assert.equal(refusal([]).param, 'body');
  });
});
