import type { GatewayConfig } from '@latticelm/config';
import type { TrafficClock } from '../traffic-clock';
import type { KeyLimiter } from './key-limiter';
import { MemoryKeyLimiter } from './memory-key-limiter';
import { RedisKeyLimiter } from './redis-key-limiter';
import { connectSharedRedis, sharedRedisTarget } from './shared-redis';

/** Redis when the configuration has one (see sharedRedisTarget), so that limits hold across replicas; otherwise this process's memory. */
export function createKeyLimiter(config: GatewayConfig, clock: TrafficClock): KeyLimiter {
  const target = sharedRedisTarget(config);
  if (!target) return new MemoryKeyLimiter(clock);
  return new RedisKeyLimiter(connectSharedRedis(target, 'KeyLimits'), target.prefix, clock, true);
}
