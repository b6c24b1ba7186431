import type { RequestScope } from '@latticelm/api';
import type { EmbeddingVector, ProviderEmbeddingRequest, ResolvedModel } from '@latticelm/providers';

export interface EmbeddingsCall {
  scope: RequestScope;
  /** aborted when the client goes away */
  signal: AbortSignal;
}

export interface ServedEmbeddings {
  /** one per input, in input order */
  vectors: EmbeddingVector[];
  /** the vendor's count over every call, 0 where it reports none */
  inputTokens: number;
  /** who served every one of the vectors (the primary, or one fallback for all of them) */
  served: ResolvedModel;
}

/**
 * Embeds all of a request's inputs with a resolved model, in as many vendor calls as its batch limit needs.
 * The composition root (apps/gateway) provides the implementation, with the call chains it built at start-up.
 */
export abstract class EmbeddingsInvoker {
  abstract invoke(resolved: ResolvedModel, request: Omit<ProviderEmbeddingRequest, 'model'>, call: EmbeddingsCall): Promise<ServedEmbeddings>;
}
