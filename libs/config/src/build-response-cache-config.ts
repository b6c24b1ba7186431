import type { ConfigReader } from './config-reader';
import type { ResponseCacheConfig } from './gateway-config';

const BASE = 'response_cache';

/** `response_cache`: read whole even while disabled, so a typo in it is reported before anyone turns it on. */
export function buildResponseCacheConfig(read: ConfigReader): ResponseCacheConfig {
  const config: ResponseCacheConfig = {
    enabled: read.boolean(`${BASE}.enabled`, false),
    cacheByDefault: read.boolean(`${BASE}.cache_by_default`, true),
    store: read.oneOf(`${BASE}.store`, ['memory', 'redis'] as const, 'memory'),
    ttlMs: read.duration(`${BASE}.ttl`, 3_600_000),
    shared: read.boolean(`${BASE}.shared`, false),
    maxEntries: read.number(`${BASE}.max_entries`, 10_000, { min: 1, integer: true }),
    maxBytes: read.size(`${BASE}.max_bytes`, 64 * 1024 * 1024),
    maxEntryBytes: read.size(`${BASE}.max_entry_bytes`, 1024 * 1024),
    redisUrl: read.string(`${BASE}.redis_url`, 'redis://127.0.0.1:6379/0'),
    keyPrefix: read.string(`${BASE}.key_prefix`, 'latticelm:response-cache:'),
  };
  if (config.ttlMs < 1000) read.problem(`${BASE}.ttl`, 'must be at least 1s');
  if (config.maxBytes < 1) read.problem(`${BASE}.max_bytes`, 'must be at least 1 byte');
  if (config.maxEntryBytes < 1) read.problem(`${BASE}.max_entry_bytes`, 'must be at least 1 byte');
  if (config.store === 'redis' && !/^rediss?:\/\/[^/]/.test(config.redisUrl)) {
    read.problem(`${BASE}.redis_url`, 'must be a redis:// or rediss:// URL (e.g. "redis://:password@cache:6379/0")');
  }
  return config;
}
