import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { ThrottledWarning } from '../throttled-warning';
import { TokenBucketRecord, toRecord } from './token-bucket';

/**
 * Refill and take in one atomic step, on Redis's own clock (TIME), so every replica sharing the key sees one bucket
 * and replica clock skew does not matter. The key expires once the bucket would be full again (idle eviction).
 * Returns { allowed, tokens left (string: Lua numbers become integers in replies), ms to next token, ms to full }.
 */
const TAKE_TOKEN_LUA = `
if redis.replicate_commands then redis.replicate_commands() end
local capacity = tonumber(ARGV[1])
local ms_per_token = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) / ms_per_token)
local allowed = 0
if tokens >= 1 - 1e-9 then
  allowed = 1
  tokens = math.max(0, tokens - 1)
end
local reset_ms = math.ceil((capacity - tokens) * ms_per_token)
local retry_ms = 0
if allowed == 0 then retry_ms = math.ceil((1 - tokens) * ms_per_token) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], reset_ms + 1000)
return { allowed, tostring(tokens), retry_ms, reset_ms }
`;

type TakeTokenReply = [number, string, number, number];
type RedisWithTakeToken = Redis & { latticelmTakeToken(key: string, capacity: number, msPerToken: number): Promise<TakeTokenReply> };

/**
 * Token buckets shared by every replica through Redis (`rate_limit.store: redis`). When Redis does not answer the
 * limiter fails open — requests pass and a warning is logged (at most every 30 s) — so a cache outage does not
 * become a gateway outage.
 */
export class RedisTokenBucketStorage implements ThrottlerStorage {
  private readonly warning = new ThrottledWarning('RateLimit');
  private readonly redis: RedisWithTakeToken;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    redis.defineCommand('latticelmTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN_LUA });
    this.redis = redis as RedisWithTakeToken;
  }

  async increment(key: string, ttl: number, limit: number): Promise<TokenBucketRecord> {
    try {
      const [allowed, tokens, retryAfterMs, resetMs] = await this.redis.latticelmTakeToken(`${this.keyPrefix}${key}`, limit, ttl);
      return toRecord({ allowed: allowed === 1, remaining: Math.floor(Number(tokens) + 1e-9), retryAfterMs, resetMs }, limit);
    } catch (error) {
      this.warning.warn('Redis rate-limit store failed, letting requests through', error);
      return toRecord({ allowed: true, remaining: limit, retryAfterMs: 0, resetMs: 0 }, limit);
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
