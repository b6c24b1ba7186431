import type { EmbeddingEncoding, EmbeddingVector } from '@latticelm/providers';

/** OpenAI's CreateEmbeddingResponse, as the `openai` SDK reads it. */
export interface EmbeddingsResponse {
  object: 'list';
  data: { object: 'embedding'; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/** base64 as OpenAI sends it: the vector's float32 values, little-endian, back to back. */
export function encodeFloat32Base64(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (const [index, value] of vector.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}

export function decodeFloat32Base64(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const vector: number[] = new Array<number>(bytes.length >> 2);
  for (let index = 0; index < vector.length; index++) vector[index] = bytes.readFloatLE(index * 4);
  return vector;
}

/** One vector in the encoding the client asked for; a vendor's own base64 passes through untouched. */
function encode(vector: EmbeddingVector, encoding: EmbeddingEncoding): number[] | string {
  if (encoding === 'base64') return typeof vector === 'string' ? vector : encodeFloat32Base64(vector);
  return typeof vector === 'string' ? decodeFloat32Base64(vector) : vector;
}

/** `usage` is the vendors' count summed over the calls, 0 where the vendor reports none; embeddings have no output. */
export function toEmbeddingsResponse(vectors: readonly EmbeddingVector[], encoding: EmbeddingEncoding, model: string, promptTokens: number): EmbeddingsResponse {
  return {
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encode(vector, encoding) })),
    model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

/** Consecutive slices of at most `size` items, in order: one vendor call each. */
export function splitIntoBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += Math.max(1, size)) batches.push(items.slice(start, start + Math.max(1, size)));
  return batches;
}
