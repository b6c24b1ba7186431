import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AdminModule } from '@latticelm/admin';
import { GatewayEventsModule } from '@latticelm/api';
import { AuthModule } from '@latticelm/auth';
import { BudgetsModule } from '@latticelm/budgets';
import { GatewayConfig, GatewayConfigModule } from '@latticelm/config';
import { ConversationsModule } from '@latticelm/conversations';
import { EmbeddingsModule } from '@latticelm/embeddings';
import { HealthModule } from '@latticelm/health';
import { ObservabilityModule } from '@latticelm/observability';
import { PricingModule } from '@latticelm/pricing';
import { MessagesModule } from '@latticelm/messages';
import { ResponseCacheModule } from '@latticelm/response-cache';
import { ResponsesModule } from '@latticelm/responses';
import { TrafficModule } from '@latticelm/traffic';
import { UsageLogModule } from '@latticelm/usage';
import { GatewayExceptionFilter } from './gateway-exception.filter';
import { ProviderPipelineModule } from './provider-pipeline.module';
import { ResponsesWebSocketServer } from './responses-websocket.server';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.forRoot(config),
        GatewayEventsModule,
        // before any rate-limit module: global guards run in registration order (auth, then rate limit)
        AuthModule.forRoot(config),
        ConversationsModule.forRoot(),
        BudgetsModule.forRoot(config),
        ResponsesModule,
        EmbeddingsModule,
        MessagesModule,
        TrafficModule.forRoot(config),
        ProviderPipelineModule,
        AdminModule.forRoot(config),
        ObservabilityModule.forRoot(config),
        PricingModule.forRoot(config),
        UsageLogModule.forRoot(config),
        ResponseCacheModule.forRoot(config),
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: GatewayExceptionFilter }, ResponsesWebSocketServer],
    };
  }
}
