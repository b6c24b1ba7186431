import type { Provider } from './provider';

export type EmbeddingEncoding = 'float' | 'base64';

/** One vendor call's worth of POST /v1/embeddings, already split to the vendor's batch limit. */
export interface ProviderEmbeddingRequest {
  /** the vendor's model id (provider_model_id, e.g. an Azure deployment) */
  model: string;
  /** texts, or token arrays (only for vendors that take them: `acceptsTokens`) */
  input: string[] | number[][];
  /** OpenAI `dimensions`, Gemini `outputDimensionality` */
  dimensions?: number;
  /** what the client asked for; a vendor that speaks base64 may answer in it */
  encoding: EmbeddingEncoding;
  user?: string;
}

/**
 * One vector per input, in input order: numbers, or — only when the request asked for base64 and the vendor
 * answered in it — the vendor's base64 of little-endian float32s.
 */
export type EmbeddingVector = number[] | string;

export interface ProviderEmbeddings {
  vectors: EmbeddingVector[];
  /** the vendor's token count for the call; undefined when the vendor reports none */
  inputTokens?: number;
}

/** An optional capability: the vendor has an embeddings endpoint. */
export interface Embedder {
  embed(request: ProviderEmbeddingRequest, signal: AbortSignal): Promise<ProviderEmbeddings>;
  /** the most inputs the vendor takes in one call for this model */
  maxInputsPerCall(model: string): number;
  /** whether the vendor embeds token arrays (`input` as integers) */
  readonly acceptsTokens: boolean;
}

export function isEmbedder(provider: Provider): provider is Provider & Embedder {
  return typeof (provider as Partial<Embedder>).embed === 'function';
}
