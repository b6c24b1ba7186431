import { AsyncLocalStorage } from 'node:async_hooks';
import type { Span } from '@opentelemetry/api';

/** What is known about one HTTP request while it runs; read by the access log, metrics and the provider decorator. */
export interface RequestObservation {
  readonly requestId: string;
  readonly method: string;
  /** path without the query string, truncated */
  readonly path: string;
  /** performance.now() at arrival */
  readonly startedAt: number;
  /** the model the client asked for (raw, for logs only; metrics use ModelLabels) */
  requestedModel?: string;
  stream: boolean;
  /** who served it: set by the instrumented provider on each attempt, so the last attempt wins */
  provider?: string;
  model?: string;
  /** a stream that ended with response.failed after its 200 went out */
  streamFailed?: boolean;
  /** the HTTP server span, when tracing is on */
  span?: Span;
}

const storage = new AsyncLocalStorage<RequestObservation>();

/** The observation of the request whose async context we are in, if any. */
export function currentRequest(): RequestObservation | undefined {
  return storage.getStore();
}

export function runInRequest<T>(observation: RequestObservation, fn: () => T): T {
  return storage.run(observation, fn);
}
