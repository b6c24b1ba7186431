import type { Span } from '@opentelemetry/api';
import type { RequestScope } from '@latticelm/api';

/**
 * What is known about one HTTP request while it runs; read by the access log and the metrics when it closes.
 * The pipeline sees it as its RequestScope (who served it, whether a stream failed), passed down explicitly.
 */
export interface RequestObservation extends RequestScope {
  readonly method: string;
  /** path without the query string, truncated */
  readonly path: string;
  /** performance.now() at arrival */
  readonly startedAt: number;
  /** the model the client asked for (raw, for logs only; metrics use ModelLabels) */
  requestedModel?: string;
  stream: boolean;
  /** the HTTP server span, when tracing is on */
  span?: Span;
}
