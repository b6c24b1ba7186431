import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig } from './build-config';
import { ConfigValidationError } from './config-error';
import { MASK, redactConfig } from './redact-config';

/** buildConfig refuses `raw`, naming exactly these problems. */
function assertRefused(raw: Record<string, unknown>, problems: string[]): void {
  assert.throws(
    () => buildConfig(raw, 'test'),
    (error: unknown) => {
      assert.ok(error instanceof ConfigValidationError);
      assert.deepEqual(error.problems, problems);
      return true;
    },
  );
}

describe('response_cache', () => {
  it('is off by default: memory, 1 h, per key, caching every request once enabled', () => {
    assert.deepEqual(buildConfig({}, 'defaults').responseCache, {
      enabled: false,
      cacheByDefault: true,
      store: 'memory',
      ttlMs: 3_600_000,
      shared: false,
      maxEntries: 10_000,
      maxBytes: 64 * 1024 * 1024,
      maxEntryBytes: 1024 * 1024,
      redisUrl: 'redis://127.0.0.1:6379/0',
      keyPrefix: 'latticelm:response-cache:',
    });
  });

  it('reads every key with the YAML names', () => {
    const { responseCache } = buildConfig(
      {
        response_cache: {
          enabled: true,
          cache_by_default: false,
          store: 'redis',
          ttl: '10m',
          shared: true,
          max_entries: 50,
          max_bytes: '8MiB',
          max_entry_bytes: '256KiB',
          redis_url: 'redis://:pw@cache:6379/2',
          key_prefix: 'team:',
        },
      },
      'test',
    );
    assert.deepEqual(responseCache, {
      enabled: true,
      cacheByDefault: false,
      store: 'redis',
      ttlMs: 600_000,
      shared: true,
      maxEntries: 50,
      maxBytes: 8 * 1024 * 1024,
      maxEntryBytes: 256 * 1024,
      redisUrl: 'redis://:pw@cache:6379/2',
      keyPrefix: 'team:',
    });
    const redacted = redactConfig(buildConfig({ response_cache: { redis_url: 'redis://:pw@cache:6379/2' } }, 'test'));
    assert.equal((redacted.responseCache as { redisUrl: string }).redisUrl, `redis://:${MASK}@cache:6379/2`);
  });

  it('names every problem, unknown keys included', () => {
    assertRefused({ response_cache: { store: 'memcached', ttl: '10ms', max_entries: 0, redis_ur: 'x' } }, [
      'response_cache.store: must be one of memory, redis, got "memcached"',
      'response_cache.max_entries: must be at least 1, got 0',
      'response_cache.ttl: must be at least 1s',
      'response_cache.redis_ur: unknown key "redis_ur"; did you mean "redis_url"?',
    ]);
    assertRefused({ response_cache: { store: 'redis', redis_url: 'cache:6379' } }, [
      'response_cache.redis_url: must be a redis:// or rediss:// URL (e.g. "redis://:password@cache:6379/0")',
    ]);
  });

  it("checks a declared API key's metadata.response_cache", () => {
    const key = { name: 'team', key: `lm-${'a'.repeat(40)}`, metadata: { response_cache: 'yes' } };
    assertRefused({ auth: { api_keys: { enabled: true, keys: [key] } } }, [
      'auth.api_keys.keys[0].metadata.response_cache: must be one of on, off (the key\'s response cache opt-in), got "yes"',
    ]);
    assert.equal(buildConfig({ auth: { api_keys: { enabled: true, keys: [{ ...key, metadata: { response_cache: 'off' } }] } } }, 'test').auth.apiKeys.keys[0].metadata.response_cache, 'off');
  });
});
