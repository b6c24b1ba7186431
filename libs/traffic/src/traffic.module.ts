import { DynamicModule, Global, Module, OnModuleDestroy, Optional } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { InjectThrottlerStorage, ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { CircuitBreakers } from './circuit-breaker/circuit-breakers.service';
import { createKeyLimiter } from './key-limits/create-key-limiter';
import { KeyLimiter } from './key-limits/key-limiter';
import { rateLimitOptions } from './rate-limit/rate-limit-options';
import { RedisTokenBucketStorage } from './rate-limit/redis-token-bucket.storage';
import { SocketRateLimiter } from './rate-limit/socket-rate-limiter';
import { TokenBucketThrottlerGuard } from './rate-limit/token-bucket-throttler.guard';
import { ShutdownState } from './shutdown/shutdown-state';
import { TrafficClock } from './traffic-clock';

/** The clock and the shutdown state, visible everywhere (readiness reads `ShutdownState.draining`). */
@Global()
@Module({ providers: [TrafficClock, ShutdownState], exports: [TrafficClock, ShutdownState] })
export class TrafficStateModule {}

/**
 * Production traffic: per-client token-bucket rate limits (a global guard), the circuit breakers and the shutdown
 * state. Retries, fallbacks and call deadlines live in ResilientProviderInvoker, which the composition root builds.
 */
@Global()
@Module({
  imports: [
    TrafficStateModule,
    ThrottlerModule.forRootAsync({
      imports: [TrafficStateModule],
      inject: [GATEWAY_CONFIG, TrafficClock],
      useFactory: (config: GatewayConfig, clock: TrafficClock) => rateLimitOptions(config, clock),
    }),
  ],
  providers: [CircuitBreakers, SocketRateLimiter],
  exports: [CircuitBreakers, SocketRateLimiter, TrafficStateModule],
})
export class TrafficModule implements OnModuleDestroy {
  /**
   * The rate-limit guard is installed only when `rate_limit.enabled`: disabled, it only answered true, yet every
   * request paid Nest's async guard chain for it (with auth off too, Nest skips guards entirely). The saving is
   * small — within the ±5% noise of bench/ CPU µs/req on a shared 2-core machine — but it is work for nothing.
   */
  static forRoot(config: GatewayConfig): DynamicModule {
    const keyLimiter = config.auth.apiKeys.enabled
      ? [{ provide: KeyLimiter, inject: [GATEWAY_CONFIG, TrafficClock], useFactory: createKeyLimiter }]
      : [];
    return {
      module: TrafficModule,
      providers: [...(config.rateLimit.enabled ? [{ provide: APP_GUARD, useClass: TokenBucketThrottlerGuard }] : []), ...keyLimiter],
      exports: keyLimiter.length ? [KeyLimiter] : [],
    };
  }

  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    @Optional() private readonly keyLimiter?: KeyLimiter,
  ) {}

  async onModuleDestroy(): Promise<void> {
    if (this.storage instanceof RedisTokenBucketStorage) await this.storage.close();
    await this.keyLimiter?.close();
  }
}
