import type { Content, EmbedContentParameters } from '@google/genai';
import { GatewayError } from '@latticelm/api';
import type { ProviderEmbeddingRequest } from '../embedder';

/** Gemini API: "BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch" (its 400). */
export const GEMINI_MAX_EMBEDDING_INPUTS = 100;
/** Vertex AI :predict: "Each request can include up to 250 input texts" (get-text-embeddings). */
export const VERTEX_MAX_EMBEDDING_INPUTS = 250;

/**
 * Inputs per call. On Vertex AI "gemini-embedding-001 supports one instance per request", and the other Gemini
 * embedding models go to :embedContent, for which the SDK throws "only supports one content at a time" — the
 * same rule as the SDK's own choice of endpoint (`model.includes('gemini') || model.includes('maas')`).
 */
export function geminiEmbeddingBatchLimit(vertex: boolean, model: string): number {
  if (!vertex) return GEMINI_MAX_EMBEDDING_INPUTS;
  return model.includes('gemini') || model.includes('maas') ? 1 : VERTEX_MAX_EMBEDDING_INPUTS;
}

/**
 * The `models.embedContent` parameters. Each text is its own Content: the SDK merges an array of plain strings
 * into one Content for Gemini Embedding 2 ("tContents"), which would return one vector for all of them.
 * `user` has no counterpart and only describes the request, so it is not sent.
 */
export function toGeminiEmbeddingRequest(request: ProviderEmbeddingRequest): Omit<EmbedContentParameters, 'contents'> & { contents: Content[] } {
  const contents = request.input.map((entry, index): Content => {
    if (typeof entry !== 'string') throw GatewayError.invalidRequest(`input[${index}]`, 'token arrays cannot be embedded by this provider; send text');
    return { parts: [{ text: entry }] };
  });
  return {
    model: request.model,
    contents,
    ...(request.dimensions !== undefined ? { config: { outputDimensionality: request.dimensions } } : {}),
  };
}
