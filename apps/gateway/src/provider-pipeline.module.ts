import { FactoryProvider, Global, Module } from '@nestjs/common';
import { GatewayEvents } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { EmbeddingsInvoker, ResilientEmbeddingsInvoker } from '@latticelm/embeddings';
import { ProviderInstrumentation } from '@latticelm/observability';
import { CostMeter } from '@latticelm/pricing';
import { CallInterceptor, ProviderChain, ProviderRegistry, ProvidersModule } from '@latticelm/providers';
import { ResponseCache, CachingProviderInvoker } from '@latticelm/response-cache';
import { ProviderInvoker } from '@latticelm/responses';
import { CircuitBreakers, ResilientProviderInvoker, ShutdownState, TrafficClock, UsageMeter } from '@latticelm/traffic';

/**
 * The composition root of the request path. Each provider's call chain is built here once, in the order it runs:
 *
 *   the response cache (CachingProviderInvoker: a hit replays a kept answer and calls nothing; only when enabled)
 *   → retries and fallbacks (ResilientProviderInvoker)
 *     → usage meter (each attempt's tokens onto the request's scope, for API key token limits and the usage log;
 *       only with either on)
 *     → instrumentation (metrics, traces; only when observability is on)
 *       → cost (the attempt's usage priced into the request's scope; only when pricing is on)
 *         → circuit breaker
 *           → deadlines (request_timeout, stream_idle_timeout) and the shutdown stop, in the attempt loop
 *             → the provider (its SDK)
 *
 * The breaker sits inside instrumentation so that a refused call is still counted as `circuit_open`, and inside
 * the deadlines' reach so that a timeout counts as a failure. A feature that is off is simply not in a chain.
 */
export function buildProviderChains(
  config: GatewayConfig,
  registry: ProviderRegistry,
  breakers: CircuitBreakers,
  instrumentation: ProviderInstrumentation | undefined,
  cost: CostMeter | undefined,
): Map<string, ProviderChain> {
  const chains = new Map<string, ProviderChain>();
  const usageMeter = config.auth.apiKeys.enabled || config.usageLog.enabled ? new UsageMeter() : undefined;
  for (const provider of registry.all()) {
    const providerConfig = config.providers[provider.name];
    const interceptors: CallInterceptor[] = [];
    if (usageMeter) interceptors.push(usageMeter);
    if (instrumentation) interceptors.push(instrumentation);
    if (cost) interceptors.push(cost);
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

type InvokerClass = new (
  config: GatewayConfig,
  registry: ProviderRegistry,
  chains: Map<string, ProviderChain>,
  events: GatewayEvents,
  clock: TrafficClock,
  shutdown: ShutdownState,
) => unknown;

/** What may stand in front of an invoker: the response cache, for responses (absent while it is off). */
type Decorate = (invoker: ProviderInvoker, cache: ResponseCache | undefined) => ProviderInvoker;

/** An invoker over the call chains, built once at start-up. */
function invokerOver(provide: abstract new (...args: never[]) => unknown, Invoker: InvokerClass, decorate?: Decorate): FactoryProvider {
  return {
    provide,
    inject: [
      GATEWAY_CONFIG,
      ProviderRegistry,
      CircuitBreakers,
      GatewayEvents,
      TrafficClock,
      ShutdownState,
      { token: ProviderInstrumentation, optional: true },
      { token: CostMeter, optional: true },
      { token: ResponseCache, optional: true },
    ],
    useFactory: (
      config: GatewayConfig,
      registry: ProviderRegistry,
      breakers: CircuitBreakers,
      events: GatewayEvents,
      clock: TrafficClock,
      shutdown: ShutdownState,
      instrumentation: ProviderInstrumentation | undefined,
      cost: CostMeter | undefined,
      cache: ResponseCache | undefined,
    ) => {
      const invoker = new Invoker(config, registry, buildProviderChains(config, registry, breakers, instrumentation, cost), events, clock, shutdown);
      return decorate ? decorate(invoker as ProviderInvoker, cache) : invoker;
    },
  };
}

const withResponseCache: Decorate = (invoker, cache) => (cache ? new CachingProviderInvoker(invoker, cache) : invoker);

@Global()
@Module({
  imports: [ProvidersModule],
  // POST /v1/embeddings runs each vendor call through the same chains, retry policy and fallbacks as a response.
  providers: [invokerOver(ProviderInvoker, ResilientProviderInvoker, withResponseCache), invokerOver(EmbeddingsInvoker, ResilientEmbeddingsInvoker)],
  exports: [ProviderInvoker, EmbeddingsInvoker],
})
export class ProviderPipelineModule {}
