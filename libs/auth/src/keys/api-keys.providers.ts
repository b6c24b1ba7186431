import type { Provider } from '@nestjs/common';
import { BudgetLedger, OwnerBudgets } from '@latticelm/budgets';
import { ConversationStore } from '@latticelm/conversations';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { KeyLimiter, TrafficClock } from '@latticelm/traffic';
import { ApiKeyDirectory } from './api-key-directory';
import { ApiKeyGate } from './api-key-gate';
import { ApiKeyStore, MemoryApiKeyStore } from './api-key.store';
import { ApiKeysService } from './api-keys.service';
import { OwnersService } from './owners.service';
import { RedisApiKeyStore } from './redis-api-key.store';
import { SqlApiKeyStore } from './sql-api-key.store';

/** Keys live where the conversations do: on the same SQL connection or Redis, else in memory. */
export function apiKeyStoreFor(conversations: ConversationStore): ApiKeyStore {
  const connection = conversations.connection();
  switch (connection.kind) {
    case 'sql':
      return new SqlApiKeyStore(connection.dataSource);
    case 'redis':
      return new RedisApiKeyStore(connection.client, connection.keyPrefix);
    case 'memory':
      return new MemoryApiKeyStore();
  }
}

/** Everything API keys add, built once at start-up; only in the application while `auth.api_keys.enabled`. */
export const API_KEY_PROVIDERS: Provider[] = [
  { provide: ApiKeyStore, inject: [ConversationStore], useFactory: apiKeyStoreFor },
  {
    provide: ApiKeyDirectory,
    inject: [ApiKeyStore, GATEWAY_CONFIG, TrafficClock],
    useFactory: (store: ApiKeyStore, config: GatewayConfig, clock: TrafficClock) =>
      new ApiKeyDirectory(store, config.auth.apiKeys.keys, { ttlMs: config.auth.apiKeys.cacheTtlMs, now: () => clock.now() }),
  },
  {
    provide: ApiKeyGate,
    inject: [ApiKeyDirectory, GATEWAY_CONFIG, { token: KeyLimiter, optional: true }, BudgetLedger],
    useFactory: (directory: ApiKeyDirectory, config: GatewayConfig, limiter: KeyLimiter | undefined, budgets: BudgetLedger) =>
      new ApiKeyGate(directory, config, limiter, budgets),
  },
  {
    provide: ApiKeysService,
    inject: [ApiKeyStore, ApiKeyDirectory, GATEWAY_CONFIG, TrafficClock, BudgetLedger],
    useFactory: (store: ApiKeyStore, directory: ApiKeyDirectory, config: GatewayConfig, clock: TrafficClock, budgets: BudgetLedger) =>
      new ApiKeysService(store, directory, config.auth.apiKeys, () => clock.now(), budgets),
  },
  {
    provide: OwnersService,
    inject: [ApiKeysService, OwnerBudgets, BudgetLedger, TrafficClock],
    useFactory: (keys: ApiKeysService, owners: OwnerBudgets, budgets: BudgetLedger, clock: TrafficClock) => new OwnersService(keys, owners, budgets, () => clock.now()),
  },
];
