import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { GatewayConfig, redactUrlPassword } from '@latticelm/config';

/** The Redis that replicas share for per-key state (limits, spend), and the prefix of its keys. */
export interface SharedRedisTarget {
  url: string;
  prefix: string;
}

/**
 * `rate_limit.store: redis` (its `redis_url`), else `conversations.store: redis` (its `dsn`); undefined when the
 * configuration has no Redis, and then per-key state lives in this process.
 */
export function sharedRedisTarget(config: GatewayConfig): SharedRedisTarget | undefined {
  if (config.rateLimit.store === 'redis') return { url: config.rateLimit.redisUrl, prefix: config.rateLimit.keyPrefix };
  if (config.conversations.store === 'redis') return { url: config.conversations.dsn, prefix: config.conversations.keyPrefix };
  return undefined;
}

/** A connection of its own that fails fast (one retry, 1 s per command) and logs each distinct error once. */
export function connectSharedRedis(target: SharedRedisTarget, context: string): Redis {
  const logger = new Logger(context);
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
  return redis;
}
