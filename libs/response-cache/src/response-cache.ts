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
  private readonly logger = new Logger('ResponseCache');
  private readonly writing = new Set<Promise<unknown>>();
  private failures = 0;
  private failing = false;

  private constructor(
    readonly config: ResponseCacheConfig,
    private readonly events: GatewayEvents,
    private readonly store: AnswerStore,
  ) {}

  static async open(config: ResponseCacheConfig, events: GatewayEvents): Promise<ResponseCache> {
    let cache: ResponseCache | undefined;
    const store = await openAnswerStore(config, (operation, error) => cache?.failed(operation, error));
    cache = new ResponseCache(config, events, store);
    return cache;
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
    const failures = this.failures;
    const answer = await this.store.get(key);
    if (this.failures === failures) this.recovered();
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

  private failed(operation: 'get' | 'set', error: unknown): void {
    const store = this.config.store;
    this.failures += 1;
    this.events.emit('response_cache.error', { store, operation });
    if (this.failing) return;
    this.failing = true;
    this.logger.warn(`${store} store failed (${operation}: ${error instanceof Error ? error.message : String(error)}); answering without the cache while it fails`);
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.log(`${this.config.store} store answers again`);
  }
}
