import type { RequestScope } from '@latticelm/api';
import type { Provider, ProviderRequest } from './provider';
import type { ProviderEvent } from './provider-event';

/** How one provider attempt ended. `aborted`: the client left or the gateway stopped it; it says nothing of the vendor. */
export type CallOutcome = { ok: true } | { ok: false; error: unknown; aborted: boolean };

/** Watches one attempt: told each event as it passes and the outcome once, at the end. */
export interface CallObserver {
  event?(event: ProviderEvent): void;
  end(outcome: CallOutcome): void;
  /** runs the provider's work (creating the call, each step) inside a context of the observer's, e.g. a span */
  within?: <T>(step: () => T) => T;
}

/**
 * A cross-cutting concern around the provider port (circuit breaker, metrics, traces) as hooks around one call
 * instead of a wrapping async generator: `begin` runs before the call and may refuse it by throwing (an open
 * circuit); per event there is one plain loop for all of them.
 */
export interface CallInterceptor {
  begin(call: ProviderCallStart): CallObserver;
}

export interface ProviderCallStart {
  provider: Provider;
  request: ProviderRequest;
  scope: RequestScope;
}

export interface CallDeadlines {
  /** ms until the first event; 0 means none */
  requestTimeoutMs: number;
  /** ms between two events of a stream; 0 means none */
  streamIdleTimeoutMs: number;
}

/** One provider with what surrounds each call to it, outermost interceptor first; built once at start-up. */
export interface ProviderChain {
  readonly provider: Provider;
  readonly interceptors: readonly CallInterceptor[];
  readonly deadlines: CallDeadlines;
}
