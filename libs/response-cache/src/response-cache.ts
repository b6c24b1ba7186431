import { Logger } from '@nestjs/common';
import { CacheStatus, GatewayEvents, Principal, ResponseCacheDirective } from '@latticelm/api';
import type { ResponseCacheConfig } from '@latticelm/config';
import type { AnswerStore } from './answer-store';
import { cacheDirectiveFor } from './cache-directive';
import type { CachedAnswer } from './cached-answer';
import { openAnswerStore } from './open-answer-store';

/**
 * The response cache of one gateway (`response_cache.enabled`): which requests it serves, its store, its clock and
 * its bookkeeping. Built only when enabled; the composition root then puts CachingProviderInvoker in front of the
 * provider invoker, and ResponseCacheInterceptor gives each cacheable request its directive.
 */
export class ResponseCache {
  private readonly writing = new Set<Promise<unknown>>();

  private constructor(
    readonly config: ResponseCacheConfig,
    private readonly events: GatewayEvents,
    private readonly store: AnswerStore,
    private readonly health: StoreHealth,
  ) {}

  static async open(config: ResponseCacheConfig, events: GatewayEvents): Promise<ResponseCache> {
    const health = new StoreHealth(config.store, events);
    const store = await openAnswerStore(config, (operation, error) => health.failed(operation, error));
    return new ResponseCache(config, events, store, health);
  }

  /** The cache's time in epoch ms; tests replace it on the instance they get from the app, to expire answers without waiting. */
  now(): number {
    return Date.now();
  }

  directiveFor(principal: Principal | undefined, header: string | string[] | undefined): ResponseCacheDirective | undefined {
    return cacheDirectiveFor(this.config, principal, header);
  }

  count(result: CacheStatus): void {
    this.events.emit('response_cache.lookup', { result });
  }

  /** The kept answer for a key, if it has not expired by the cache's clock. */
  async lookup(key: string): Promise<CachedAnswer | undefined> {
    const failures = this.health.failures;
    const answer = await this.store.get(key);
    if (this.health.failures === failures) this.health.answered();
    return answer && answer.expiresAt > this.now() ? answer : undefined;
  }

  /** Keeps an answer off the request path: the response does not wait for the write. */
  remember(key: string, answer: CachedAnswer): void {
    const writing = this.store.set(key, answer, this.config.ttlMs);
    this.writing.add(writing);
    void writing.finally(() => this.writing.delete(writing));
  }

  /** Resolves once every answer handed to remember() is written (for tests and shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.writing]);
  }

  async close(): Promise<void> {
    await this.settled();
    await this.store.close();
  }
}

/** Counts the store's failures for the metrics, and logs when it starts failing and when it answers again (not every failure). */
class StoreHealth {
  private readonly logger = new Logger('ResponseCache');
  failures = 0;
  private failing = false;

  constructor(
    private readonly store: ResponseCacheConfig['store'],
    private readonly events: GatewayEvents,
  ) {}

  failed(operation: 'get' | 'set', error: unknown): void {
    this.failures += 1;
    this.events.emit('response_cache.error', { store: this.store, operation });
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`${this.store} store failed (${operation}: ${error instanceof Error ? error.message : String(error)}); answering without the cache while it fails`);
  }

  answered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log(`${this.store} store answers again`);
  }
}
