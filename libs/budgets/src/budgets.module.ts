import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { GatewayEvents } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { ConversationStore } from '@latticelm/conversations';
import { TrafficClock } from '@latticelm/traffic';
import { BudgetLedger } from './budget-ledger';
import { createSpendCounter } from './create-spend-counter';
import { ownerBudgetStoreFor } from './owner-budget.store';
import { OwnerBudgets } from './owner-budgets';
import { SpendCounter } from './spend-counter';

/** Restores persisted spend and the owner budgets before the first request; writes what is left at shutdown. */
@Injectable()
class BudgetsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly counter: SpendCounter,
    private readonly owners: OwnerBudgets,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all([this.counter.load(), this.owners.load()]);
    const { apiKeys } = this.config.auth;
    if (!this.config.pricing.enabled && (apiKeys.ownerBudgets.length > 0 || apiKeys.keys.some((key) => key.budget))) {
      new Logger('Budgets').warn('pricing.enabled is false: no cost is known, so no spend is recorded and no budget is ever reached');
    }
  }

  // before the conversation store closes the connection the journal writes on
  async beforeApplicationShutdown(): Promise<void> {
    this.owners.stop();
    await this.counter.close();
  }
}

/**
 * Budgets of API keys and owners (`auth.api_keys`): the spend counters, the owners' budgets and the ledger the
 * key gate asks. Only in the application while API keys are on.
 */
@Module({})
export class BudgetsModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    if (!config.auth.apiKeys.enabled) return { module: BudgetsModule };
    return {
      module: BudgetsModule,
      global: true,
      providers: [
        {
          provide: SpendCounter,
          inject: [GATEWAY_CONFIG, TrafficClock, ConversationStore],
          useFactory: (gateway: GatewayConfig, clock: TrafficClock, conversations: ConversationStore) => createSpendCounter(gateway, () => clock.now(), conversations.connection()),
        },
        {
          provide: OwnerBudgets,
          inject: [GATEWAY_CONFIG, ConversationStore],
          useFactory: (gateway: GatewayConfig, conversations: ConversationStore) =>
            new OwnerBudgets(ownerBudgetStoreFor(conversations.connection()), gateway.auth.apiKeys.ownerBudgets, gateway.auth.apiKeys.cacheTtlMs),
        },
        {
          provide: BudgetLedger,
          inject: [SpendCounter, OwnerBudgets, TrafficClock, GatewayEvents, GATEWAY_CONFIG],
          useFactory: (counter: SpendCounter, owners: OwnerBudgets, clock: TrafficClock, events: GatewayEvents, gateway: GatewayConfig) =>
            new BudgetLedger(counter, owners, () => clock.now(), events, gateway.pricing.enabled),
        },
        BudgetsLifecycle,
      ],
      exports: [BudgetLedger, OwnerBudgets],
    };
  }
}
