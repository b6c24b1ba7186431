import type Redis from 'ioredis';
import { ThrottledWarning } from '../throttled-warning';
import type { TrafficClock } from '../traffic-clock';
import { KeyLimitVerdict, reservable, stateOf } from './key-buckets';
import { KeyAdmission, KeyLimiter } from './key-limiter';

/**
 * key-buckets.ts in Lua: both buckets refilled, checked, and taken together in one atomic script, so every replica
 * sharing Redis sees one pair of buckets per key. `now` comes from the gateway's clock (injectable in tests);
 * replicas' clocks agree to milliseconds, which at per-minute rates moves a bucket by a fraction of a unit.
 * Returns { allowed, refused (0 none, 1 requests, 2 tokens), retry ms, requests left, tokens left } (levels as
 * strings: Lua numbers become integers in replies). A bucket's key expires once it would be full again.
 */
const ADMIT_LUA = `
local now = tonumber(ARGV[1])
local rpm = tonumber(ARGV[2])
local tpm = tonumber(ARGV[3])
local amount = tonumber(ARGV[4])
local function level(key, per_minute)
  local state = redis.call('HMGET', key, 'tokens', 'at')
  local tokens = tonumber(state[1])
  local at = tonumber(state[2])
  if tokens == nil or at == nil then return per_minute end
  return math.min(per_minute, tokens + math.max(0, now - at) * per_minute / 60000)
end
local function store(key, tokens, per_minute)
  redis.call('HSET', KEYS[key], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[key], math.ceil((per_minute - tokens) * 60000 / per_minute) + 1000)
end
local requests = 0
local tokens = 0
if rpm > 0 then requests = level(KEYS[1], rpm) end
if tpm > 0 then tokens = level(KEYS[2], tpm) end
local refused = 0
local retry = 0
if rpm > 0 and requests < 1 - 1e-9 then
  refused = 1
  retry = math.ceil((1 - requests) * 60000 / rpm)
elseif tpm > 0 and tokens < amount - 1e-9 then
  refused = 2
  retry = math.ceil((amount - tokens) * 60000 / tpm)
end
if refused == 0 then
  requests = requests - 1
  tokens = tokens - amount
end
if rpm > 0 then store(1, requests, rpm) end
if tpm > 0 then store(2, tokens, tpm) end
return { refused == 0 and 1 or 0, refused, retry, tostring(requests), tostring(tokens) }
`;

/** Gives back (or takes more of) a reservation: ARGV now, tokens per minute, tokens to add (may be negative). */
const SETTLE_LUA = `
local now = tonumber(ARGV[1])
local tpm = tonumber(ARGV[2])
local delta = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then tokens = tpm else tokens = math.min(tpm, tokens + math.max(0, now - at) * tpm / 60000) end
tokens = math.min(tpm, tokens + delta)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((tpm - tokens) * 60000 / tpm) + 1000)
return 1
`;

type AdmitReply = [number, number, number, string, string];
type LimiterRedis = Redis & {
  latticelmKeyAdmit(requestsKey: string, tokensKey: string, now: number, rpm: number, tpm: number, amount: number): Promise<AdmitReply>;
  latticelmKeySettle(tokensKey: string, now: number, tpm: number, delta: number): Promise<number>;
};

/**
 * Key limits shared by every replica through Redis. When Redis does not answer the limiter fails open, as the
 * per-client limiter does — requests pass, a warning is logged at most every 30 s — so a cache outage does not
 * become a gateway outage.
 */
export class RedisKeyLimiter extends KeyLimiter {
  readonly store = 'redis';
  private readonly warning = new ThrottledWarning('KeyLimits');
  private readonly redis: LimiterRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly clock: TrafficClock,
    private readonly ownsConnection: boolean,
  ) {
    super();
    redis.defineCommand('latticelmKeyAdmit', { numberOfKeys: 2, lua: ADMIT_LUA });
    redis.defineCommand('latticelmKeySettle', { numberOfKeys: 1, lua: SETTLE_LUA });
    this.redis = redis as LimiterRedis;
  }

  async admit({ keyId, limits, reserveTokens }: KeyAdmission): Promise<KeyLimitVerdict> {
    const rpm = limits.requestsPerMinute ?? 0;
    const tpm = limits.tokensPerMinute ?? 0;
    const amount = tpm > 0 ? reservable(reserveTokens, tpm) : 0;
    try {
      const [allowed, refused, retryAfterMs, requests, tokens] = await this.redis.latticelmKeyAdmit(
        this.key('r', keyId),
        this.key('t', keyId),
        this.clock.now(),
        rpm,
        tpm,
        amount,
      );
      const verdict: KeyLimitVerdict = { allowed: allowed === 1, retryAfterMs };
      if (refused !== 0) verdict.refusedBy = refused === 1 ? 'requests' : 'tokens';
      if (rpm > 0) verdict.requests = stateOf(Number(requests), rpm);
      if (tpm > 0) verdict.tokens = stateOf(Number(tokens), tpm);
      return verdict;
    } catch (error) {
      this.warn(error);
      return { allowed: true, retryAfterMs: 0 };
    }
  }

  async settle(keyId: string, tokensPerMinute: number, reserved: number, used: number): Promise<void> {
    const delta = reservable(reserved, tokensPerMinute) - used;
    if (delta === 0) return;
    try {
      await this.redis.latticelmKeySettle(this.key('t', keyId), this.clock.now(), tokensPerMinute, delta);
    } catch (error) {
      this.warn(error);
    }
  }

  override async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private key(kind: 'r' | 't', keyId: string): string {
    // one hash tag per key, so both buckets land on one Redis Cluster slot
    return `${this.prefix}keylimit:{${keyId}}:${kind}`;
  }

  private warn(error: unknown): void {
    this.warning.warn('Redis key-limit store failed, letting requests through', error);
  }
}
