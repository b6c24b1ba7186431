import type { CreateEmbeddingResponse } from 'openai/resources/embeddings';
import type { EmbeddingVector, ProviderEmbeddings } from '../embedder';

/** A base64 answer has strings where the SDK's type says number[] (its Base64EmbeddingResponse). */
type OpenAIEmbeddingsAnswer = Omit<CreateEmbeddingResponse, 'data'> & { data: { index: number; embedding: EmbeddingVector }[] };

/** The vendor's vectors in input order (by `index`), as it sent them, with its prompt token count. */
export function fromOpenAIEmbeddings(response: OpenAIEmbeddingsAnswer): ProviderEmbeddings {
  const vectors: EmbeddingVector[] = [];
  for (const item of response.data) vectors[item.index] = item.embedding;
  return { vectors, inputTokens: response.usage?.prompt_tokens };
}
