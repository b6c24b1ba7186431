/**
 * What the pipeline knows about one HTTP request, handed down explicitly from the controller to each provider
 * attempt (no async-context lookup on the path). The access log and the metrics read it when the response closes.
 */
export interface RequestScope {
  readonly requestId: string;
  /** who served it: set before each attempt, so the last attempt wins */
  provider?: string;
  model?: string;
  /** who called: the token's subject, set once authenticated (absent while auth is off) */
  caller?: string;
  /** tokens the vendors reported for this request, every attempt summed (kept only while API key limits need it) */
  usage?: { inputTokens: number; outputTokens: number };
  /** a stream that ended with response.failed after its 200 went out */
  streamFailed?: boolean;
  /** request fields a provider could not honour and dropped (`unsupported_parameters: drop`) */
  droppedParameters?: string[];
}

/** Names the fields dropped under `unsupported_parameters: drop`, comma-separated. */
export const DROPPED_PARAMETERS_HEADER = 'x-latticelm-dropped-parameters';

/** The response headers a scope asks for: today only the dropped-parameters notice. */
export function scopeHeaders(scope: RequestScope): Record<string, string> {
  return scope.droppedParameters?.length ? { [DROPPED_PARAMETERS_HEADER]: scope.droppedParameters.join(', ') } : {};
}

const REQUEST_SCOPE = Symbol('latticelm.requestScope');

interface WithScope {
  [REQUEST_SCOPE]?: RequestScope;
}

export function attachRequestScope(request: object, scope: RequestScope): void {
  (request as WithScope)[REQUEST_SCOPE] = scope;
}

/** The scope the request observer attached, or a fresh one for requests that came in another way (tests). */
export function requestScopeOf(request: object): RequestScope {
  return (request as WithScope)[REQUEST_SCOPE] ?? { requestId: 'unobserved' };
}
