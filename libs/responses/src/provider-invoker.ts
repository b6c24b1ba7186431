import { Inject, Injectable, Optional } from '@nestjs/common';
import type { ProviderEvent, ProviderRequest, ResolvedModel } from '@latticelm/providers';

export interface InvocationObserver {
  /** called before each attempt with who will serve it (the primary, then any fallback) */
  onAttempt?(provider: string, model: string): void;
  /** true once output reached the client: no retry or fallback may happen after that */
  hasOutput(): boolean;
}

/**
 * DI token for an invoker that replaces the base behaviour (the traffic module provides one, globally). A token
 * rather than `{ provide: ProviderInvoker }` because ResponsesModule's own provider would win over any import.
 */
export const PROVIDER_INVOKER_OVERRIDE = Symbol('PROVIDER_INVOKER_OVERRIDE');

/**
 * Runs a resolved model's provider call. The base invoker calls the primary once; the traffic module replaces
 * it with one that adds timeouts, retries and fallbacks around the same contract.
 */
@Injectable()
export class ProviderInvoker {
  constructor(@Optional() @Inject(PROVIDER_INVOKER_OVERRIDE) private readonly override?: Pick<ProviderInvoker, 'invoke'>) {}

  invoke(
    resolved: ResolvedModel,
    request: Omit<ProviderRequest, 'model'>,
    signal: AbortSignal,
    observer: InvocationObserver,
  ): AsyncIterable<ProviderEvent> {
    if (this.override) return this.override.invoke(resolved, request, signal, observer);
    observer.onAttempt?.(resolved.provider.name, resolved.model);
    return resolved.provider.generate({ ...request, model: resolved.providerModelId, defaultMaxOutputTokens: resolved.maxOutputTokens }, signal);
  }
}
