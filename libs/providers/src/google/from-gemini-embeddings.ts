import type { EmbedContentResponse } from '@google/genai';
import { GatewayError } from '@latticelm/api';
import type { ProviderEmbeddings } from '../embedder';

/**
 * The vectors in input order ("The embeddings for each request, in the same order as provided in the batch
 * request"). Tokens: `usageMetadata.promptTokenCount` when the vendor sends it, else the per-input
 * `statistics.tokenCount` Vertex AI reports (summed); the Gemini API's batchEmbedContents reports neither.
 */
export function fromGeminiEmbeddings(provider: string, response: EmbedContentResponse, inputs: number): ProviderEmbeddings {
  const embeddings = response.embeddings ?? [];
  if (embeddings.length !== inputs || embeddings.some((embedding) => !Array.isArray(embedding.values))) {
    const got = embeddings.filter((embedding) => Array.isArray(embedding.values)).length;
    throw new GatewayError({ status: 502, type: 'model_error', code: 'upstream_error', message: `${provider}: asked for ${inputs} embeddings, got ${got}`, retryable: true, origin: 'upstream' });
  }
  const counted = embeddings.map((embedding) => embedding.statistics?.tokenCount).filter((count) => count !== undefined);
  const inputTokens = response.usageMetadata?.promptTokenCount ?? (counted.length > 0 ? counted.reduce((sum, count) => sum + count, 0) : undefined);
  return { vectors: embeddings.map((embedding) => embedding.values as number[]), inputTokens };
}
