import { Global, Module } from '@nestjs/common';
import { GatewayEvents } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { ProviderInstrumentation } from '@latticelm/observability';
import { CallInterceptor, ProviderChain, ProviderRegistry, ProvidersModule } from '@latticelm/providers';
import { ProviderInvoker } from '@latticelm/responses';
import { CircuitBreakers, ResilientProviderInvoker, ShutdownState, TrafficClock, UsageMeter } from '@latticelm/traffic';

/**
 * The composition root of the request path. Each provider's call chain is built here once, in the order it runs:
 *
 *   retries and fallbacks (ResilientProviderInvoker)
 *     → usage meter (each attempt's tokens onto the request's scope, for API key token limits; only with keys on)
 *     → instrumentation (metrics, traces; only when observability is on)
 *       → circuit breaker
 *         → deadlines (request_timeout, stream_idle_timeout) and the shutdown stop, in the attempt loop
 *           → the provider (its SDK)
 *
 * The breaker sits inside instrumentation so that a refused call is still counted as `circuit_open`, and inside
 * the deadlines' reach so that a timeout counts as a failure. A feature that is off is simply not in a chain.
 */
export function buildProviderChains(
  config: GatewayConfig,
  registry: ProviderRegistry,
  breakers: CircuitBreakers,
  instrumentation: ProviderInstrumentation | undefined,
): Map<string, ProviderChain> {
  const chains = new Map<string, ProviderChain>();
  const usageMeter = config.auth.apiKeys.enabled ? new UsageMeter() : undefined;
  for (const provider of registry.all()) {
    const providerConfig = config.providers[provider.name];
    const interceptors: CallInterceptor[] = [];
    if (usageMeter) interceptors.push(usageMeter);
    if (instrumentation) interceptors.push(instrumentation);
    const breaker = breakers.interceptor(provider.name);
    if (breaker) interceptors.push(breaker);
    chains.set(provider.name, {
      provider,
      interceptors,
      deadlines: {
        requestTimeoutMs: providerConfig?.requestTimeoutMs ?? 0,
        streamIdleTimeoutMs: providerConfig?.streamIdleTimeoutMs ?? 0,
      },
    });
  }
  return chains;
}

@Global()
@Module({
  imports: [ProvidersModule],
  providers: [
    {
      provide: ProviderInvoker,
      inject: [GATEWAY_CONFIG, ProviderRegistry, CircuitBreakers, GatewayEvents, TrafficClock, ShutdownState, { token: ProviderInstrumentation, optional: true }],
      useFactory: (
        config: GatewayConfig,
        registry: ProviderRegistry,
        breakers: CircuitBreakers,
        events: GatewayEvents,
        clock: TrafficClock,
        shutdown: ShutdownState,
        instrumentation: ProviderInstrumentation | undefined,
      ) => new ResilientProviderInvoker(config, registry, buildProviderChains(config, registry, breakers, instrumentation), events, clock, shutdown),
    },
  ],
  exports: [ProviderInvoker],
})
export class ProviderPipelineModule {}
