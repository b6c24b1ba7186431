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
  /** the gateway API key that authenticated the request, when one did */
  apiKey?: { id: string; name: string };
  /**
   * tokens the vendors reported for this request, every attempt summed (kept only while API key limits or the
   * usage log need it). Cached and cache-write tokens are part of input, reasoning part of output.
   */
  usage?: { inputTokens: number; outputTokens: number; cachedTokens?: number; cacheWriteTokens?: number; reasoningTokens?: number };
  /** performance.now() at the first output event of any attempt (kept with `usage`), for time to first token */
  firstOutputAt?: number;
  /** a stream that ended with response.failed after its 200 went out */
  streamFailed?: boolean;
  /** request fields a provider could not honour and dropped (`unsupported_parameters: drop`) */
  droppedParameters?: string[];
  /** USD so far, summed over the attempts (pricing on); absent until an attempt was costed */
  costUsd?: number;
  /** an attempt's cost could not be known: then no cost is reported at all, never a partial one */
  costUnknown?: boolean;
  /** what the response cache is to do with this request: set only while `response_cache.enabled`, on the routes it serves */
  responseCache?: ResponseCacheDirective;
  /** what the response cache did (the `x-latticelm-cache` response header) */
  cacheStatus?: CacheStatus;
  /** answered from the response cache: no vendor was called, nothing is billed (`costUsd` 0) */
  cacheHit?: boolean;
}

/**
 * `use`: answer from the cache when it holds the answer, else call the vendor and keep its answer; `refresh`: call
 * the vendor even so, and replace what is kept. `partition`: whose answers these are (an API key's, a subject's, or
 * everyone's when the cache is shared), part of the cache key.
 */
export interface ResponseCacheDirective {
  mode: 'use' | 'refresh';
  partition: string;
}

/** `bypass`: the config, the API key or the request kept this request out of the cache. */
export type CacheStatus = 'hit' | 'miss' | 'refresh' | 'bypass';

/** The response cache's request directive (`on`, `off`, `refresh`) and its answer (a CacheStatus). */
export const CACHE_HEADER = 'x-latticelm-cache';

/** The cost of a JSON response in USD, when every attempt that served it was priced. */
export const COST_HEADER = 'x-latticelm-cost-usd';

/** The cost a scope can report: known for every attempt, else undefined. */
export function knownCost(scope: RequestScope): number | undefined {
  return scope.costUnknown ? undefined : scope.costUsd;
}

/** plain decimal notation (never 1.5e-7), without trailing zeros */
export function formatUsd(usd: number): string {
  return usd.toFixed(12).replace(/\.?0+$/, '');
}

/** Names the fields dropped under `unsupported_parameters: drop`, comma-separated. */
export const DROPPED_PARAMETERS_HEADER = 'x-latticelm-dropped-parameters';

/**
 * The response headers a scope asks for: the dropped-parameters notice, the response cache's status, and the cost
 * once it is known (a JSON answer is written after its call ended; a stream's headers go out before, so it carries
 * its cost in the body — except a cache hit's, known to be 0 from the start).
 */
export function scopeHeaders(scope: RequestScope): Record<string, string> {
  const headers: Record<string, string> = {};
  if (scope.droppedParameters?.length) headers[DROPPED_PARAMETERS_HEADER] = scope.droppedParameters.join(', ');
  if (scope.cacheStatus) headers[CACHE_HEADER] = scope.cacheStatus;
  const cost = knownCost(scope);
  if (cost !== undefined) headers[COST_HEADER] = formatUsd(cost);
  return headers;
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
