import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { ConversationStore } from './conversation-store';
import { createConversationStore } from './create-conversation-store';

@Injectable()
class ConversationStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(ConversationStore) private readonly store: ConversationStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Global()
@Module({})
export class ConversationsModule {
  static forRoot(): DynamicModule {
    return {
      module: ConversationsModule,
      providers: [
        {
          provide: ConversationStore,
          inject: [GATEWAY_CONFIG],
          useFactory: (config: GatewayConfig) => createConversationStore(config.conversations),
        },
        ConversationStoreCloser,
      ],
      exports: [ConversationStore],
    };
  }
}
