import type { GatewayConfig } from '@latticelm/config';
import type { StoreConnection } from '@latticelm/conversations';
import { connectSharedRedis, sharedRedisTarget } from '@latticelm/traffic';
import { MemorySpendCounter } from './memory-spend-counter';
import { RedisSpendCounter } from './redis-spend-counter';
import type { SpendCounter } from './spend-counter';
import { SqlSpendJournal } from './sql-spend-journal';

/**
 * Redis when the configuration has one (the key limits' Redis), so that every replica enforces one budget;
 * otherwise this process's memory, persisted in the conversations' SQL database when they are in one.
 */
export function createSpendCounter(config: GatewayConfig, now: () => number, connection: StoreConnection): SpendCounter {
  const target = sharedRedisTarget(config);
  if (target) return new RedisSpendCounter(connectSharedRedis(target, 'Budgets'), target.prefix, now);
  return new MemorySpendCounter(now, connection.kind === 'sql' ? new SqlSpendJournal(connection.dataSource) : undefined);
}
