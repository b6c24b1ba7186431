export * from './conversation-store';
export * from './memory-conversation.store';
export * from './instrumented-conversation.store';
export * from './store-unavailable.error';
export type { SqlConversationStore, SqlStoreOptions } from './sql/sql-conversation.store';
export type { RedisConversationStore } from './redis/redis-conversation.store';
export * from './create-conversation-store';
export * from './conversations.module';
export * from './sql/api-keys-table';
