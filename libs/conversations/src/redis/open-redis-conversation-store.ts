import { redisStore } from 'cache-manager-ioredis-yet';
import type { Redis } from 'ioredis';
import type { ConversationsConfig } from '@latticelm/config';
import { StoreUnavailableError } from '../store-unavailable.error';
import { redisTarget } from './redis-connection-options';
import { RedisConversationStore } from './redis-conversation.store';

/** Connects (failing start-up with a message naming the host) and returns the store. */
export async function openRedisConversationStore(
  config: Pick<ConversationsConfig, 'dsn' | 'keyPrefix' | 'maxChainLength'>,
  now?: () => number,
): Promise<RedisConversationStore> {
  const target = redisTarget(config.dsn);
  const cache = await redisStore(target.options);
  const client = cache.client as Redis;
  // Without a listener ioredis reports every reconnect attempt as an unhandled 'error' event. The last one is
  // kept because connect() itself only says "Connection is closed."
  let lastError: unknown;
  client.on('error', (error: unknown) => {
    lastError = error;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new StoreUnavailableError(`redis (${target.description})`, lastError ?? error, target.secret);
  }
  return new RedisConversationStore(client, { keyPrefix: config.keyPrefix, maxChainLength: config.maxChainLength, now });
}
