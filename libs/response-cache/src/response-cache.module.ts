import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { GatewayEvents } from '@latticelm/api';
import type { GatewayConfig } from '@latticelm/config';
import { ResponseCache } from './response-cache';
import { ResponseCacheInterceptor } from './response-cache.interceptor';

/** Writes still in flight at shutdown are finished, then the store is closed. */
@Injectable()
class ResponseCacheCloser implements OnApplicationShutdown {
  constructor(@Inject(ResponseCache) private readonly cache: ResponseCache) {}

  onApplicationShutdown(): Promise<void> {
    return this.cache.close();
  }
}

/**
 * The exact response cache (`response_cache.enabled`, off by default). Off, nothing of it is built: no interceptor,
 * no store, and the composition root finds no ResponseCache to put in front of the provider invoker.
 */
@Module({})
export class ResponseCacheModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    if (!config.responseCache.enabled) return { module: ResponseCacheModule, providers: [], exports: [] };
    const cache = { provide: ResponseCache, inject: [GatewayEvents], useFactory: (events: GatewayEvents) => ResponseCache.open(config.responseCache, events) };
    return {
      module: ResponseCacheModule,
      global: true,
      providers: [cache, ResponseCacheCloser, { provide: APP_INTERCEPTOR, useClass: ResponseCacheInterceptor }],
      exports: [ResponseCache],
    };
  }
}
