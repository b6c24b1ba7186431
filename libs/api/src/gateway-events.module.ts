import { Global, Module } from '@nestjs/common';
import { GatewayEvents } from './gateway-events';

@Global()
@Module({ providers: [{ provide: GatewayEvents, useFactory: () => new GatewayEvents() }], exports: [GatewayEvents] })
export class GatewayEventsModule {}
