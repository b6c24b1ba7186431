import { Injectable } from '@nestjs/common';
import type { ProviderEvent, ProviderRequest, ResolvedModel } from '@latticelm/providers';

export interface InvocationObserver {
  /** called before each attempt with who will serve it (the primary, then any fallback) */
  onAttempt?(provider: string, model: string): void;
  /** true once output reached the client: no retry or fallback may happen after that */
  hasOutput(): boolean;
}

/**
 * Runs a resolved model's provider call. The base invoker calls the primary once; the traffic module replaces
 * it with one that adds timeouts, retries and fallbacks around the same contract.
 */
@Injectable()
export class ProviderInvoker {
  invoke(
    resolved: ResolvedModel,
    request: Omit<ProviderRequest, 'model'>,
    signal: AbortSignal,
    observer: InvocationObserver,
  ): AsyncIterable<ProviderEvent> {
    observer.onAttempt?.(resolved.provider.name, resolved.model);
    return resolved.provider.generate({ ...request, model: resolved.providerModelId, defaultMaxOutputTokens: resolved.maxOutputTokens }, signal);
  }
}
