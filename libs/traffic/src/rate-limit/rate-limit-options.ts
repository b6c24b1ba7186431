import { Logger } from '@nestjs/common';
import { ThrottlerModuleOptions, ThrottlerStorage, normalizeIp } from '@nestjs/throttler';
import Redis from 'ioredis';
import type { GatewayConfig } from '@latticelm/config';
import { TrafficClock } from '../traffic-clock';
import { ClientAddressResolver } from './client-address';
import { MemoryTokenBucketStorage } from './memory-token-bucket.storage';
import { RedisTokenBucketStorage } from './redis-token-bucket.storage';

/**
 * throttler's options for the seed's limiter: one throttler whose `limit` is the burst and whose `ttl` is the
 * refill period of one token, a per-client key (IPv6 clients share their /64, as one host usually owns one), and
 * the token-bucket storage the config names.
 */
export function rateLimitOptions(config: GatewayConfig, clock: TrafficClock): ThrottlerModuleOptions {
  const { rateLimit } = config;
  const clients = new ClientAddressResolver(config.server.trustedProxies);
  return {
    throttlers: [{ name: 'default', limit: rateLimit.burst, ttl: 1000 / rateLimit.requestsPerSecond }],
    storage: createStorage(config, clock),
    getTracker: (req) => normalizeIp(clients.resolve(req as Parameters<ClientAddressResolver['resolve']>[0])),
    generateKey: (_context, tracker) => tracker,
    setHeaders: false,
  };
}

function createStorage(config: GatewayConfig, clock: TrafficClock): ThrottlerStorage {
  const { rateLimit } = config;
  if (!rateLimit.enabled || rateLimit.store === 'memory') return new MemoryTokenBucketStorage(clock);
  const logger = new Logger('RateLimit');
  const redis = new Redis(rateLimit.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1000 });
  let lastError = '';
  redis.on('error', (error: Error) => {
    if (error.message === lastError) return;
    lastError = error.message;
    logger.warn(`Redis (${rateLimit.redisUrl.replace(/\/\/[^@/]*@/, '//***@')}): ${error.message}`);
  });
  redis.on('ready', () => {
    lastError = '';
  });
  return new RedisTokenBucketStorage(redis, rateLimit.keyPrefix);
}
