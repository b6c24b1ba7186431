import type { ConversationStore } from '@latticelm/conversations';
import { MemoryUsageStore } from './memory-usage.store';
import { RedisUsageStore } from './redis-usage.store';
import { SqlUsageStore } from './sql-usage.store';
import type { UsageRetention, UsageStore } from './usage.store';

/** The usage log lives where the conversations do: on the same SQL connection or Redis, else in memory. */
export function usageStoreFor(conversations: ConversationStore, retention: UsageRetention): UsageStore {
  const connection = conversations.connection();
  switch (connection.kind) {
    case 'sql':
      return new SqlUsageStore(connection.dataSource, retention);
    case 'redis':
      return new RedisUsageStore(connection.client, connection.keyPrefix, retention);
    case 'memory':
      return new MemoryUsageStore(retention);
  }
}
