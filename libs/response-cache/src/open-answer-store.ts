import { Logger } from '@nestjs/common';
import { CacheManagerStore, KeyvAdapter, createCache } from 'cache-manager';
import { redisInsStore } from 'cache-manager-ioredis-yet';
import { Redis } from 'ioredis';
import { Keyv } from 'keyv';
import { LRUCache } from 'lru-cache';
import { redactText, type ResponseCacheConfig } from '@latticelm/config';
import { AnswerStore, StoreFailure } from './answer-store';

type StoreConfig = Pick<ResponseCacheConfig, 'store' | 'maxEntries' | 'maxBytes' | 'maxEntryBytes' | 'redisUrl'>;

/** The configured store. Redis is connected once here; if it is away the gateway starts anyway and every read misses until it is back. */
export async function openAnswerStore(config: StoreConfig, onFailure: StoreFailure): Promise<AnswerStore> {
  return config.store === 'redis' ? openRedisAnswerStore(config, onFailure) : memoryAnswerStore(config, onFailure);
}

/** lru-cache bounded by entries and by the bytes of their JSON, under cache-manager. */
export function memoryAnswerStore(config: Pick<StoreConfig, 'maxEntries' | 'maxBytes' | 'maxEntryBytes'>, onFailure: StoreFailure): AnswerStore {
  const lru = new LRUCache<string, string>({ max: config.maxEntries, maxSize: config.maxBytes, sizeCalculation: (value) => Math.max(1, Buffer.byteLength(value)) });
  return new AnswerStore('memory', cacheOver(new LruKeyvStore(lru)), config.maxEntryBytes, onFailure);
}

async function openRedisAnswerStore(config: Pick<StoreConfig, 'redisUrl' | 'maxEntryBytes'>, onFailure: StoreFailure): Promise<AnswerStore> {
  const logger = new Logger('ResponseCache');
  const client = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: 5000,
    // While Redis is away a command fails at once instead of waiting in a queue: the request goes on as a miss.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
  });
  // Without a listener ioredis reports every reconnect attempt as an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    logger.warn(`Redis at ${redactText(config.redisUrl)} is unavailable (${error instanceof Error ? error.message : String(error)}); answering without the cache until it is back`);
  }
  // cache-manager-ioredis-yet declares its store against cache-manager 5's Store type; at run time it has every
  // method cache-manager 7's KeyvAdapter calls (get, set, del, mget, mdel), which is what that adapter is for.
  const legacy = redisInsStore(client) as unknown as CacheManagerStore;
  const store = new AnswerStore('redis', cacheOver(new KeyvAdapter(legacy)), config.maxEntryBytes, onFailure, async () => {
    if (client.status === 'end') return;
    await client.quit().catch(() => client.disconnect());
  });
  return store;
}

/** One cache-manager cache over one Keyv store, keys as given (no Keyv namespace), failures thrown to cache-manager. */
function cacheOver(store: KeyvAdapter | LruKeyvStore) {
  return createCache({ stores: [new Keyv({ store, useKeyPrefix: false, throwOnErrors: true })] });
}

/**
 * lru-cache as a Keyv store. Keyv passes a TTL in milliseconds where lru-cache expects an options object, so the
 * adapter translates it (and lru-cache drops the entry when it expires, besides Keyv's own check).
 */
class LruKeyvStore {
  constructor(private readonly lru: LRUCache<string, string>) {}

  get(key: string): string | undefined {
    return this.lru.get(key);
  }

  set(key: string, value: string, ttl?: number): boolean {
    this.lru.set(key, value, ttl ? { ttl } : {});
    return true;
  }

  delete(key: string): boolean {
    return this.lru.delete(key);
  }

  clear(): void {
    this.lru.clear();
  }
}
