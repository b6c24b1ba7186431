import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { ProviderEmbeddingRequest } from '../embedder';

/** OpenAI takes at most 2048 inputs per embeddings call ("'$.input' ... maximum 2048", API reference `input`). */
export const OPENAI_MAX_EMBEDDING_INPUTS = 2048;

/**
 * The embeddings call's body. `encoding_format` is always sent: the `openai` SDK asks for base64 when it is left
 * out and decodes it itself, which would hide the vendor's answer from the gateway's own encoding choice.
 */
export function toOpenAIEmbeddingRequest(request: ProviderEmbeddingRequest): EmbeddingCreateParams {
  return {
    model: request.model,
    input: request.input,
    encoding_format: request.encoding,
    ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}),
    ...(request.user !== undefined ? { user: request.user } : {}),
  };
}
