import type Redis from 'ioredis';
import { ThrottledWarning } from '@latticelm/traffic';
import { SpendCounter, SpendCounterKey, counterName } from './spend-counter';

/**
 * Adds ARGV[1] nano-USD to every counter in KEYS, each kept for ARGV[1 + i] ms more (0: for ever). One script, so a
 * request's key and owner counters move together, and INCRBY on integers, so concurrent additions from every
 * replica are exact.
 */
const ADD_LUA = `
for i, key in ipairs(KEYS) do
  redis.call('INCRBY', key, ARGV[1])
  local ttl = tonumber(ARGV[i + 1])
  if ttl > 0 then redis.call('PEXPIRE', key, ttl) end
end
return 1
`;

type SpendRedis = Redis & { latticelmSpendAdd(numberOfKeys: number, ...keysAndArgs: (string | number)[]): Promise<number> };

/**
 * Spend counters shared by every replica: a check is one MGET, a recording one script call. Expiry is relative
 * to the gateway's clock (injectable in tests), so a counter lives until its period ended plus a day. When Redis
 * does not answer, checks let requests through and the spend is lost, with a warning at most every 30 s — as the
 * key limiter does, so that a cache outage does not become a gateway outage.
 */
export class RedisSpendCounter extends SpendCounter {
  readonly store = 'redis';
  private readonly warning = new ThrottledWarning('Budgets');
  private readonly redis: SpendRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number,
  ) {
    super();
    redis.defineCommand('latticelmSpendAdd', { lua: ADD_LUA });
    this.redis = redis as SpendRedis;
  }

  async read(keys: readonly SpendCounterKey[]): Promise<number[]> {
    if (keys.length === 0) return [];
    try {
      const values = await this.redis.mget(keys.map((key) => this.name(key)));
      return values.map((value) => (value === null ? 0 : Number(value)));
    } catch (error) {
      this.warning.warn('Redis budget store: reading spend failed, letting requests through', error);
      return keys.map(() => 0);
    }
  }

  async add(keys: readonly SpendCounterKey[], nanoUsd: number): Promise<void> {
    if (keys.length === 0 || nanoUsd === 0) return;
    const now = this.now();
    const ttls = keys.map((key) => (key.expiresAt === null ? 0 : Math.max(1, key.expiresAt - now)));
    try {
      await this.redis.latticelmSpendAdd(keys.length, ...keys.map((key) => this.name(key)), nanoUsd, ...ttls);
    } catch (error) {
      this.warning.warn('Redis budget store: recording spend failed; this request is not counted', error);
    }
  }

  override async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private name(key: SpendCounterKey): string {
    return `${this.prefix}spend:${counterName(key)}`;
  }
}
