import { ANONYMOUS_OWNER, CACHE_HEADER, GatewayError, Principal, ResponseCacheDirective } from '@latticelm/api';
import { API_KEY_CACHE_METADATA, ResponseCacheConfig } from '@latticelm/config';

/** What a request may ask of the cache in its `x-latticelm-cache` header. */
export type CacheRequestHeader = 'on' | 'off' | 'refresh';
const HEADER_VALUES: readonly CacheRequestHeader[] = ['on', 'off', 'refresh'];

/**
 * Whether one request goes through the cache, and in whose partition; undefined keeps it out. In order:
 *  1. an API key whose `metadata.response_cache` is `off` is never cached (the operator's word on that key);
 *  2. the header `x-latticelm-cache: off` keeps the request out, `refresh` calls the vendor and replaces the kept
 *     answer, `on` uses the cache;
 *  3. without a header, a key with `metadata.response_cache: on` uses the cache, any other request only when
 *     `response_cache.cache_by_default` (the default).
 * Answers are kept per API key, per subject for callers without a key, or for everyone when `shared`.
 */
export function cacheDirectiveFor(
  config: Pick<ResponseCacheConfig, 'cacheByDefault' | 'shared'>,
  principal: Principal | undefined,
  header: string | string[] | undefined,
): ResponseCacheDirective | undefined {
  const asked = parseCacheHeader(header);
  const keySays = principal?.apiKey?.metadata?.[API_KEY_CACHE_METADATA];
  if (keySays === 'off' || asked === 'off') return undefined;
  if (asked === undefined && keySays !== 'on' && !config.cacheByDefault) return undefined;
  return { mode: asked === 'refresh' ? 'refresh' : 'use', partition: partitionOf(config.shared, principal) };
}

/** The header's value, case and surrounding blanks aside; anything else is a 400 naming the header. */
export function parseCacheHeader(header: string | string[] | undefined): CacheRequestHeader | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim().toLowerCase();
  if ((HEADER_VALUES as readonly string[]).includes(value)) return value as CacheRequestHeader;
  throw GatewayError.invalidRequest(CACHE_HEADER, `the ${CACHE_HEADER} header must be one of ${HEADER_VALUES.join(', ')}`);
}

function partitionOf(shared: boolean, principal: Principal | undefined): string {
  if (shared) return 'shared';
  if (principal?.apiKey) return `key:${principal.apiKey.id}`;
  return `subject:${principal?.subject ?? ANONYMOUS_OWNER}`;
}
