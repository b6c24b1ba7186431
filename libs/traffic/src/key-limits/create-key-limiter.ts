import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { GatewayConfig, redactUrlPassword } from '@latticelm/config';
import type { TrafficClock } from '../traffic-clock';
import type { KeyLimiter } from './key-limiter';
import { MemoryKeyLimiter } from './memory-key-limiter';
import { RedisKeyLimiter } from './redis-key-limiter';

/**
 * Redis when the configuration has one — `rate_limit.store: redis` (its `redis_url`), else `conversations.store:
 * redis` (its `dsn`) — so that limits hold across replicas; otherwise this process's memory.
 */
export function createKeyLimiter(config: GatewayConfig, clock: TrafficClock): KeyLimiter {
  const target =
    config.rateLimit.store === 'redis'
      ? { url: config.rateLimit.redisUrl, prefix: config.rateLimit.keyPrefix }
      : config.conversations.store === 'redis'
        ? { url: config.conversations.dsn, prefix: config.conversations.keyPrefix }
        : undefined;
  if (!target) return new MemoryKeyLimiter(clock);
  const logger = new Logger('KeyLimits');
  const redis = new Redis(target.url, { maxRetriesPerRequest: 1, commandTimeout: 1000 });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    logger.warn(`Redis (${redactUrlPassword(target.url)}): ${error.message}`);
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return new RedisKeyLimiter(redis, target.prefix, clock, true);
}
