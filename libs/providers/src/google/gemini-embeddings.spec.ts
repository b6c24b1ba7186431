import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '@latticelm/api';
import { fromGeminiEmbeddings } from './from-gemini-embeddings';
import { geminiEmbeddingBatchLimit, toGeminiEmbeddingRequest } from './to-gemini-embedding-request';

describe('Gemini embeddings converters', () => {
  it('sends each text as its own Content, dimensions as outputDimensionality, and no user', () => {
    assert.deepEqual(toGeminiEmbeddingRequest({ model: 'gemini-embedding-001', input: ['a', 'b'], encoding: 'base64', dimensions: 768, user: 'u' }), {
      model: 'gemini-embedding-001',
      contents: [{ parts: [{ text: 'a' }] }, { parts: [{ text: 'b' }] }],
      config: { outputDimensionality: 768 },
    });
    assert.equal(toGeminiEmbeddingRequest({ model: 'm', input: ['a'], encoding: 'float' }).config, undefined);
  });

  it('refuses token arrays naming the input', () => {
    assert.throws(
      () => toGeminiEmbeddingRequest({ model: 'm', input: [[1, 2]], encoding: 'float' }),
      (error: unknown) => error instanceof GatewayError && error.status === 400 && error.param === 'input[0]',
    );
  });

  it('knows each backend’s batch limit', () => {
    assert.equal(geminiEmbeddingBatchLimit(false, 'gemini-embedding-001'), 100);
    assert.equal(geminiEmbeddingBatchLimit(true, 'text-embedding-005'), 250);
    assert.equal(geminiEmbeddingBatchLimit(true, 'gemini-embedding-001'), 1);
    assert.equal(geminiEmbeddingBatchLimit(true, 'gemini-embedding-2-preview'), 1);
  });

  it('reads the vectors, and tokens from usageMetadata, else Vertex’s per-input statistics, else none', () => {
    assert.deepEqual(fromGeminiEmbeddings('google', { embeddings: [{ values: [1] }, { values: [2] }] }, 2), { vectors: [[1], [2]], inputTokens: undefined });
    assert.equal(
      fromGeminiEmbeddings('vertexai', { embeddings: [{ values: [1], statistics: { tokenCount: 3 } }, { values: [2], statistics: { tokenCount: 4 } }] }, 2).inputTokens,
      7,
    );
    assert.equal(fromGeminiEmbeddings('vertexai', { embeddings: [{ values: [1], statistics: { tokenCount: 3 } }], usageMetadata: { promptTokenCount: 5 } }, 1).inputTokens, 5);
  });

  it('fails as the vendor’s fault when a vector is missing', () => {
    assert.throws(
      () => fromGeminiEmbeddings('google', { embeddings: [{ values: [1] }] }, 2),
      (error: unknown) => error instanceof GatewayError && error.status === 502 && error.origin === 'upstream',
    );
  });
});
