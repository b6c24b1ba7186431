import { BeforeApplicationShutdown, DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { GatewayEvents, UsageRecorder } from '@latticelm/api';
import type { GatewayConfig } from '@latticelm/config';
import { ConversationStore } from '@latticelm/conversations';
import { TrafficClock } from '@latticelm/traffic';
import { UsageLog } from './usage-log';
import { UsageMaintenance } from './usage-maintenance';
import { UsageQueryService } from './usage-query.service';
import { usageStoreFor } from './usage-store-for';
import { UsageController } from './usage.controller';
import { UsageStore } from './usage.store';

/** Starts the flush timer and the roll-up job once the app is up; at shutdown (after the drain) writes what is left. */
@Injectable()
class UsageLogLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(UsageLog) private readonly log: UsageLog,
    @Inject(UsageMaintenance) private readonly maintenance: UsageMaintenance,
  ) {}

  onApplicationBootstrap(): void {
    this.log.start();
    this.maintenance.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.maintenance.stop();
    await this.log.stop();
  }
}

/**
 * The usage log (`usage_log.enabled`): the recorder the request observer calls when a model request ends, its store
 * beside the conversations, the roll-up job and the admin API's usage routes. Off, none of it exists and the
 * observer has no recorder to call.
 */
@Module({})
export class UsageLogModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const settings = config.usageLog;
    if (!settings.enabled) return { module: UsageLogModule };
    return {
      module: UsageLogModule,
      global: true,
      controllers: [UsageController],
      providers: [
        { provide: UsageStore, inject: [ConversationStore], useFactory: (conversations: ConversationStore) => usageStoreFor(conversations, settings) },
        {
          provide: UsageLog,
          inject: [UsageStore, TrafficClock, GatewayEvents],
          useFactory: (store: UsageStore, clock: TrafficClock, events: GatewayEvents) => new UsageLog(store, settings, clock, events),
        },
        { provide: UsageRecorder, useExisting: UsageLog },
        { provide: UsageMaintenance, inject: [UsageStore, TrafficClock], useFactory: (store: UsageStore, clock: TrafficClock) => new UsageMaintenance(store, settings.rollupIntervalMs, clock) },
        { provide: UsageQueryService, inject: [UsageStore, TrafficClock], useFactory: (store: UsageStore, clock: TrafficClock) => new UsageQueryService(store, () => clock.now()) },
        UsageLogLifecycle,
      ],
      exports: [UsageRecorder, UsageLog, UsageStore, UsageMaintenance],
    };
  }
}
