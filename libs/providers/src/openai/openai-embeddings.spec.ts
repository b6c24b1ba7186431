import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromOpenAIEmbeddings } from './from-openai-embeddings';
import { toOpenAIEmbeddingRequest } from './to-openai-embedding-request';

describe('OpenAI embeddings converters', () => {
  it('always names the encoding, and sends dimensions and user only when given', () => {
    assert.deepEqual(toOpenAIEmbeddingRequest({ model: 'text-embedding-3-small', input: ['a'], encoding: 'float' }), {
      model: 'text-embedding-3-small',
      input: ['a'],
      encoding_format: 'float',
    });
    assert.deepEqual(toOpenAIEmbeddingRequest({ model: 'd', input: [[1, 2]], encoding: 'base64', dimensions: 64, user: 'u' }), {
      model: 'd',
      input: [[1, 2]],
      encoding_format: 'base64',
      dimensions: 64,
      user: 'u',
    });
  });

  it('orders the vectors by index and keeps base64 as the vendor sent it', () => {
    const answer = fromOpenAIEmbeddings({
      object: 'list',
      model: 'text-embedding-3-small',
      data: [
        { object: 'embedding', index: 1, embedding: 'AACAPw==' },
        { object: 'embedding', index: 0, embedding: [0.5] },
      ] as never,
      usage: { prompt_tokens: 4, total_tokens: 4 },
    });
    assert.deepEqual(answer, { vectors: [[0.5], 'AACAPw=='], inputTokens: 4 });
  });
});
