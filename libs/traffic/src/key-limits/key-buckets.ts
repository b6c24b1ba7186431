/**
 * Per-key limits as two token buckets refilled continuously over a minute: requests (one per request) and
 * tokens (a request takes its reservation; settling gives back what it did not use, or takes what it used
 * beyond, so a bucket may go negative and then refuses until it has refilled). Both are checked and taken
 * together or not at all. The same arithmetic runs in memory here and in Redis's Lua (redis-key-limiter.ts).
 */
export interface BucketLevel {
  tokens: number;
  at: number;
}

export interface LimitState {
  limit: number;
  /** whole units left after this request */
  remaining: number;
  /** ms until the bucket is full again */
  resetMs: number;
}

export type KeyLimitName = 'requests' | 'tokens';

export interface KeyLimitVerdict {
  allowed: boolean;
  /** the limit that refused the request */
  refusedBy?: KeyLimitName;
  /** ms until the refusing bucket holds enough */
  retryAfterMs: number;
  requests?: LimitState;
  tokens?: LimitState;
}

const MINUTE = 60_000;
const EPSILON = 1e-9;

export function refill(level: BucketLevel | undefined, now: number, perMinute: number): number {
  if (!level) return perMinute;
  return Math.min(perMinute, level.tokens + (Math.max(0, now - level.at) * perMinute) / MINUTE);
}

export function stateOf(tokens: number, perMinute: number): LimitState {
  return { limit: perMinute, remaining: Math.max(0, Math.floor(tokens + EPSILON)), resetMs: Math.ceil(((perMinute - tokens) * MINUTE) / perMinute) };
}

/** ms until a bucket at `tokens` holds `amount` */
export function waitFor(tokens: number, amount: number, perMinute: number): number {
  return Math.max(0, Math.ceil(((amount - tokens) * MINUTE) / perMinute));
}

/** A reservation larger than the bucket could never be met; it takes the whole bucket instead. */
export function reservable(amount: number, perMinute: number): number {
  return Math.min(Math.max(0, amount), perMinute);
}
