import { EventEmitter } from 'node:events';
import type { CacheStatus } from './request-scope';

/** What the cross-cutting modules tell each other (breakers → metrics, rate limits → metrics, stores → metrics). */
export interface GatewayEventMap {
  /** `model`: the vendor model id (deployment) whose circuit changed */
  'circuit.state': { provider: string; model: string; from: CircuitState; to: CircuitState };
  'ratelimit.rejected': { store: 'memory' | 'redis' };
  /** A request that found a budget spent: refused (hard) or let through and flagged (soft). */
  'budget.exceeded': { scope: 'key' | 'owner'; mode: 'hard' | 'soft' };
  /** A request billed at a cost that cannot be known, so no budget counts it; `budgeted`: it fell under one. */
  'budget.unpriced': { budgeted: boolean };
  'store.operation': { store: string; operation: string; durationMs: number; ok: boolean };
  'upstream.error': { provider: string; kind: 'http_4xx' | 'http_429' | 'http_5xx' | 'timeout' | 'connection' | 'stream' | 'circuit_open' };
  'upstream.retry': { provider: string; attempt: number };
  'fallback.used': { from: string; to: string };
  /** One provider attempt's cost from the usage it reported. `model`: the client-facing name; `key`: the API key's id, when one called. */
  'cost.recorded': { provider: string; model: string; usd: number; key?: string };
  /** An attempt whose cost cannot be known: the model has no price, the vendor reported no usage, or it used a figure the table lacks. */
  'cost.unpriced': { provider: string; model: string; reason: UnpricedReason; key?: string };
  /** One usage-log write of `records` records (one multi-row insert), which failed when not `ok` (they stay buffered). */
  'usage.flushed': { store: string; records: number; durationMs: number; ok: boolean };
  /** Usage records the log let go of: the oldest, when its bounded buffer was full (the store down or too slow). */
  'usage.dropped': { store: string; records: number };
  /** What the response cache did with one request (hit, miss, refresh, or bypass when it was kept out). */
  'response_cache.lookup': { result: CacheStatus };
  /** A response cache store operation that failed: the request went on as a miss (get) or uncached (set). */
  'response_cache.error': { store: 'memory' | 'redis'; operation: 'get' | 'set' };
}

export type UnpricedReason = 'no_price' | 'no_usage' | 'unknown_figure' | 'service_tier';

export type CircuitState = 'closed' | 'open' | 'half_open';

/**
 * A typed in-process event bus, one instance per application (provided by GatewayEventsModule).
 * Listeners must be cheap and must not throw: they run on the request path.
 */
export class GatewayEvents {
  private readonly emitter = new EventEmitter({ captureRejections: false });

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<K extends keyof GatewayEventMap>(name: K, payload: GatewayEventMap[K]): void {
    if (this.emitter.listenerCount(name) === 0) return;
    this.emitter.emit(name, payload);
  }

  on<K extends keyof GatewayEventMap>(name: K, listener: (payload: GatewayEventMap[K]) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
