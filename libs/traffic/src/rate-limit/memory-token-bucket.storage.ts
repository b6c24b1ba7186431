import type { ThrottlerStorage } from '@nestjs/throttler';
import { TrafficClock } from '../traffic-clock';
import { BucketState, TokenBucketRecord, takeToken, toRecord } from './token-bucket';

/**
 * Token buckets in this process's memory (`rate_limit.store: memory`). The `ttl` throttler passes is the refill
 * period of one token (ms) and `limit` the burst. Buckets live in a Map kept in last-use order, so the idle ones
 * (full again, hence the same as absent) are dropped from the front in O(evicted); `maxEntries` bounds memory even
 * under a flood of distinct clients.
 */
export class MemoryTokenBucketStorage implements ThrottlerStorage {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly clock: TrafficClock,
    private readonly maxEntries = 100_000,
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  async increment(key: string, ttl: number, limit: number): Promise<TokenBucketRecord> {
    const now = this.clock.now();
    this.evictIdle(now, ttl * limit);
    const result = takeToken(this.buckets.get(key), now, limit, ttl);
    this.buckets.delete(key);
    this.buckets.set(key, result.state);
    if (this.buckets.size > this.maxEntries) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    return toRecord(result, limit);
  }

  private evictIdle(now: number, fullAfterMs: number): void {
    for (const [key, state] of this.buckets) {
      if (now - state.updatedAt < fullAfterMs) return;
      this.buckets.delete(key);
    }
  }
}
