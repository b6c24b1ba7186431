import type { RequestScope } from './request-scope';

/** One request to a front door that calls a model, as it ended: what the usage log makes its record from. */
export interface EndedRequest {
  readonly scope: RequestScope;
  /** the method and route template: "POST /v1/responses", "WS /v1/responses" (a WebSocket turn) */
  readonly route: string;
  /** the HTTP status sent (a WebSocket turn's error event status, else 200); 499 when the client went away first */
  readonly status: number;
  readonly stream: boolean;
  readonly latencyMs: number;
  /** performance.now() when the request arrived: the clock of `scope.firstOutputAt` */
  readonly startedAt: number;
  /** the body's `model`, when the pipeline did not resolve one (`scope.model`) */
  readonly requestedModel: string | undefined;
  /** the parsed request body, read only when the operator asked for prompts to be kept */
  readonly body: unknown;
}

/**
 * Told of every request to a model's front door when it ends (the usage log). Only in the application while the
 * usage log is on; the request observer then calls it once per request, after the response has closed.
 */
export abstract class UsageRecorder {
  abstract record(request: EndedRequest): void;
}

/** The routes whose requests call a model (their usage is logged); `count_tokens` only counts. */
export const MODEL_ROUTES: ReadonlySet<string> = new Set(['/v1/responses', '/v1/responses/compact', '/v1/chat/completions', '/v1/messages', '/v1/embeddings']);
