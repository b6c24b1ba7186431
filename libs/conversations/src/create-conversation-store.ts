import type { ConversationsConfig } from '@latticelm/config';
import { ConversationStore } from './conversation-store';
import { MemoryConversationStore } from './memory-conversation.store';
import type { RedisConversationStore } from './redis/redis-conversation.store';
import type { SqlConversationStore, SqlStoreOptions } from './sql/sql-conversation.store';

/**
 * Opens the configured store (`conversations.store`: memory | sql | redis); rejects with a StoreUnavailableError
 * naming the store and host (never the password) when it cannot connect, so start-up stops with that message.
 * `now` is injectable for tests that move the clock past the TTL.
 */
export async function createConversationStore(config: ConversationsConfig, now?: () => number): Promise<ConversationStore> {
  // With conversations off nothing is ever saved, so no database is opened (nor a data/ directory created).
  if (!config.enabled) return new MemoryConversationStore({ memoryMaxEntries: 1, memoryMaxBytes: 1 }, now);
  switch (config.store) {
    case 'memory':
      return new MemoryConversationStore(config, now);
    case 'sql':
      return openSqlConversationStore(config, now);
    case 'redis':
      return openRedisConversationStore(config, now);
  }
}

// TypeORM and ioredis load only when their store is configured (TypeORM alone adds ~0.5 s to start-up).

export async function openSqlConversationStore(
  config: Pick<ConversationsConfig, 'driver' | 'dsn' | 'sweepIntervalMs'>,
  now?: () => number,
  tuning?: Pick<SqlStoreOptions, 'sweepBatchSize' | 'onSweep'>,
): Promise<SqlConversationStore> {
  const { openSqlConversationStore: open } = await import('./sql/open-sql-conversation-store');
  return open(config, now, tuning);
}

export async function openRedisConversationStore(
  config: Pick<ConversationsConfig, 'dsn' | 'keyPrefix' | 'maxChainLength'>,
  now?: () => number,
): Promise<RedisConversationStore> {
  const { openRedisConversationStore: open } = await import('./redis/open-redis-conversation-store');
  return open(config, now);
}
