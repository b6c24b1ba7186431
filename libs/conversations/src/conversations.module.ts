import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { GatewayEvents } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig, metricsEnabled } from '@latticelm/config';
import { ConversationStore } from './conversation-store';
import { createConversationStore } from './create-conversation-store';
import { InstrumentedConversationStore } from './instrumented-conversation.store';

@Injectable()
class ConversationStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(ConversationStore) private readonly store: ConversationStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * Provides the configured ConversationStore. The factory is async and awaited by Nest, so a store that cannot be
 * reached fails application start-up with the store's message. With metrics on, every store call is reported as
 * `store.operation`; with them off the store is called directly.
 */
@Global()
@Module({})
export class ConversationsModule {
  static forRoot(): DynamicModule {
    return {
      module: ConversationsModule,
      providers: [
        {
          provide: ConversationStore,
          inject: [GATEWAY_CONFIG, { token: GatewayEvents, optional: true }],
          useFactory: async (config: GatewayConfig, events: GatewayEvents | undefined) => {
            const store = await createConversationStore(config.conversations);
            return events && metricsEnabled(config) ? new InstrumentedConversationStore(store, events) : store;
          },
        },
        ConversationStoreCloser,
      ],
      exports: [ConversationStore],
    };
  }
}
