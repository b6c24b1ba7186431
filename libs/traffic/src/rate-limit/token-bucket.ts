export interface BucketState {
  tokens: number;
  updatedAt: number;
}

export interface TakeResult {
  state: BucketState;
  allowed: boolean;
  /** whole tokens left after this request */
  remaining: number;
  /** ms until the next token, 0 when allowed */
  retryAfterMs: number;
  /** ms until the bucket is full again */
  resetMs: number;
}

/** Tolerates float error in `elapsed / msPerToken` so that exactly one refill period yields exactly one token. */
const EPSILON = 1e-9;

/**
 * The token bucket: `capacity` (burst) tokens, one more every `msPerToken` (1000 / requests_per_second), one
 * taken per request. A client that was never seen, or idle long enough, has a full bucket.
 */
export function takeToken(state: BucketState | undefined, now: number, capacity: number, msPerToken: number): TakeResult {
  const elapsed = state ? Math.max(0, now - state.updatedAt) : 0;
  let tokens = state ? Math.min(capacity, state.tokens + elapsed / msPerToken) : capacity;
  const allowed = tokens >= 1 - EPSILON;
  if (allowed) tokens = Math.max(0, tokens - 1);
  return {
    state: { tokens, updatedAt: now },
    allowed,
    remaining: Math.floor(tokens + EPSILON),
    retryAfterMs: allowed ? 0 : Math.max(0, (1 - tokens) * msPerToken),
    resetMs: Math.max(0, (capacity - tokens) * msPerToken),
  };
}

/**
 * What the token-bucket storages return to the guard: throttler's storage record (its first four fields; the
 * package does not export the type) plus the bucket's own numbers.
 */
export interface TokenBucketRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
  remaining: number;
  retryAfterMs: number;
  resetMs: number;
}

export function toRecord(result: Omit<TakeResult, 'state'>, capacity: number): TokenBucketRecord {
  return {
    totalHits: capacity - result.remaining,
    timeToExpire: Math.ceil(result.resetMs / 1000),
    isBlocked: !result.allowed,
    timeToBlockExpire: Math.ceil(result.retryAfterMs / 1000),
    remaining: result.remaining,
    retryAfterMs: result.retryAfterMs,
    resetMs: result.resetMs,
  };
}
