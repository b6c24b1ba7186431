import type { RequestScope } from '@latticelm/api';
import type { ProviderEvent, ProviderRequest, ResolvedModel } from '@latticelm/providers';

/** Where one response's provider events go, and what the invoker may ask of it. */
export interface InvocationSink {
  readonly scope: RequestScope;
  /** called before each attempt with who will serve it (the primary, then any retry or fallback) */
  onAttempt(provider: string, model: string): void;
  /** true once output reached the client: no retry or fallback may happen after that */
  hasOutput(): boolean;
  /** one event; a returned promise (the client's socket is full) is awaited before the next one is read */
  event(event: ProviderEvent): void | Promise<void>;
}

/**
 * Runs a resolved model's provider call and pushes its events into the sink; settles when the call is over.
 * The composition root (apps/gateway) provides the implementation, with the call chains it built at start-up.
 */
export abstract class ProviderInvoker {
  abstract invoke(resolved: ResolvedModel, request: Omit<ProviderRequest, 'model'>, signal: AbortSignal, sink: InvocationSink): Promise<void>;
}
