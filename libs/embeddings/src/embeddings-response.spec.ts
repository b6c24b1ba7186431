import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeFloat32Base64, encodeFloat32Base64, splitIntoBatches, toEmbeddingsResponse } from './embeddings-response';

describe('embeddings response', () => {
  it('encodes base64 as little-endian float32, as OpenAI does', () => {
    // 1.0f = 00 00 80 3f, -2.0f = 00 00 00 c0 (little-endian)
    assert.equal(encodeFloat32Base64([1, -2]), Buffer.from([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0]).toString('base64'));
    assert.deepEqual(decodeFloat32Base64(encodeFloat32Base64([0.25, -0.5, 3])), [0.25, -0.5, 3]);
    // a double that float32 cannot hold comes back as its float32 value, as the openai SDK decodes it
    assert.equal(decodeFloat32Base64(encodeFloat32Base64([0.1]))[0], Math.fround(0.1));
  });

  it("builds OpenAI's list with indexes in order and usage, converting each vector to the asked encoding", () => {
    const vendorBase64 = encodeFloat32Base64([0.5]);
    assert.deepEqual(toEmbeddingsResponse([[0.5], vendorBase64], 'float', 'm', 7), {
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.5] },
        { object: 'embedding', index: 1, embedding: [0.5] },
      ],
      model: 'm',
      usage: { prompt_tokens: 7, total_tokens: 7 },
    });
    const base64 = toEmbeddingsResponse([[0.5], vendorBase64], 'base64', 'm', 0);
    assert.deepEqual(base64.data.map((item) => item.embedding), [vendorBase64, vendorBase64]);
  });

  it('splits into consecutive batches of at most the limit', () => {
    assert.deepEqual(splitIntoBatches([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(splitIntoBatches([1, 2], 2048), [[1, 2]]);
    assert.deepEqual(splitIntoBatches(['a', 'b'], 1), [['a'], ['b']]);
    assert.deepEqual(splitIntoBatches([], 3), []);
  });
});
