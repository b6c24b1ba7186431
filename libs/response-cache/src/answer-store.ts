import type { Cache } from 'cache-manager';
import type { CachedAnswer } from './cached-answer';

export type AnswerStoreKind = 'memory' | 'redis';
export type StoreFailure = (operation: 'get' | 'set', error: unknown) => void;

/**
 * Answers by cache key, through cache-manager (over lru-cache in memory, or cache-manager-ioredis-yet on Redis).
 * A store that fails never fails the request: a read becomes a miss and a write is skipped, each reported to
 * `onFailure`. Values are the answer's JSON text, so no codec below revives strings that merely look like dates.
 */
export class AnswerStore {
  constructor(
    readonly kind: AnswerStoreKind,
    private readonly cache: Cache,
    private readonly maxEntryBytes: number,
    private readonly onFailure: StoreFailure,
    private readonly disconnect: () => Promise<void> = async () => undefined,
  ) {
    // cache-manager answers a failed read with undefined and tells only its listeners why
    cache.on('get', ({ error }) => {
      if (error !== undefined) onFailure('get', error);
    });
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    const text = await this.cache.get<string>(key);
    if (typeof text !== 'string') return undefined;
    try {
      const answer = JSON.parse(text) as CachedAnswer;
      return Array.isArray(answer.events) && typeof answer.expiresAt === 'number' ? answer : undefined;
    } catch (error) {
      this.onFailure('get', error);
      return undefined;
    }
  }

  /** Keeps the answer for `ttlMs`; false when it was not kept (larger than max_entry_bytes, or the store failed). */
  async set(key: string, answer: CachedAnswer, ttlMs: number): Promise<boolean> {
    const text = JSON.stringify(answer);
    if (Buffer.byteLength(text) > this.maxEntryBytes) return false;
    try {
      await this.cache.set(key, text, ttlMs);
      return true;
    } catch (error) {
      this.onFailure('set', error);
      return false;
    }
  }

  close(): Promise<void> {
    return this.disconnect();
  }
}
