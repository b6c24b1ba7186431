import { DataSource } from 'typeorm';
import type { ConversationsConfig } from '@latticelm/config';
import { CONVERSATION_MIGRATIONS } from './migrations';
import { runMigrationsExclusively } from './run-migrations-exclusively';
import { sqlTarget } from './sql-connection-options';
import { StoredResponseRow } from './stored-response.entity';
import { SqlConversationStore, SqlStoreOptions } from './sql-conversation.store';
import { StoreUnavailableError } from '../store-unavailable.error';

const KIND: Record<ConversationsConfig['driver'], string> = { sqlite3: 'sqlite', postgres: 'postgres', mysql: 'mysql' };

/** Connects, runs the committed migrations (never `synchronize`) and returns the store; fails naming the host. */
export async function openSqlConversationStore(
  config: Pick<ConversationsConfig, 'driver' | 'dsn' | 'sweepIntervalMs'>,
  now?: () => number,
  tuning: Pick<SqlStoreOptions, 'sweepBatchSize' | 'onSweep'> = {},
): Promise<SqlConversationStore> {
  const target = sqlTarget(config.driver, config.dsn);
  const dataSource = new DataSource({
    ...target.options,
    entities: [StoredResponseRow],
    migrations: CONVERSATION_MIGRATIONS,
    migrationsTableName: 'latticelm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
  });
  try {
    await dataSource.initialize();
    if (config.driver === 'sqlite3') await dataSource.query('PRAGMA synchronous = NORMAL');
    await runMigrationsExclusively(dataSource);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
    throw new StoreUnavailableError(`sql (${target.description})`, error, target.secret);
  }
  return new SqlConversationStore(KIND[config.driver], dataSource, { ...tuning, sweepIntervalMs: config.sweepIntervalMs, now });
}
