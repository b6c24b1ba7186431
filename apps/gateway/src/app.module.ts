import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GatewayEventsModule } from '@latticelm/api';
import { GatewayConfig, GatewayConfigModule } from '@latticelm/config';
import { ConversationsModule } from '@latticelm/conversations';
import { ResponsesModule } from '@latticelm/responses';
import { GatewayExceptionFilter } from './gateway-exception.filter';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        GatewayConfigModule.forRoot(config),
        GatewayEventsModule,
        ConversationsModule.forRoot(),
        ResponsesModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: GatewayExceptionFilter }],
    };
  }
}
