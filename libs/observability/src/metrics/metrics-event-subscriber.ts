import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CircuitState, GatewayEvents } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { KeyLabels } from './bounded-labels';
import { GatewayMetrics } from './gateway-metrics';
import { ModelLabels } from './model-labels';

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

/** Turns what the other modules announce on the event bus (breakers, limiter, stores, retries) into metrics. */
@Injectable()
export class MetricsEventSubscriber implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly events: GatewayEvents,
    private readonly metrics: GatewayMetrics,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly labels: ModelLabels,
    private readonly keys: KeyLabels,
  ) {}

  onModuleInit(): void {
    const { metrics } = this;
    // Configured models' circuits exist from start-up; prefix-routed ones appear with their first change.
    for (const model of this.config.models) {
      const breaker = model.circuitBreaker ?? this.config.providers[model.provider]?.circuitBreaker;
      if (breaker?.enabled && this.config.providers[model.provider]?.circuitBreaker.enabled) {
        metrics.circuitState.set({ provider: model.provider, model: model.providerModelId }, STATE_VALUE.closed);
      }
    }
    this.unsubscribe = [
      this.events.on('circuit.state', ({ provider, model, from, to }) => {
        metrics.circuitState.set({ provider, model }, STATE_VALUE[to]);
        metrics.circuitTransitions.inc({ provider, model, from, to });
      }),
      this.events.on('ratelimit.rejected', ({ store }) => metrics.rateLimitRejections.inc({ store })),
      this.events.on('budget.exceeded', ({ scope, mode }) => metrics.budgetExceeded.inc({ scope, mode })),
      this.events.on('budget.unpriced', ({ budgeted }) => metrics.budgetUnpriced.inc({ budgeted: budgeted ? 'true' : 'false' })),
      this.events.on('store.operation', ({ store, operation, durationMs, ok }) => {
        metrics.storeDuration.observe({ store, operation, outcome: ok ? 'ok' : 'error' }, durationMs / 1000);
        if (!ok) metrics.storeErrors.inc({ store, operation });
      }),
      this.events.on('upstream.error', ({ provider, kind }) => metrics.upstreamErrors.inc({ provider, kind })),
      this.events.on('upstream.retry', ({ provider }) => metrics.upstreamRetries.inc({ provider })),
      this.events.on('fallback.used', ({ from, to }) => metrics.fallbacks.inc({ from, to })),
      this.events.on('cost.recorded', ({ provider, model, usd, key }) => {
        const labels = { provider, model: this.labels.forName(model) };
        if (usd > 0) metrics.cost.inc(key === undefined ? labels : { ...labels, key: this.keys.of(key) }, usd);
      }),
      this.events.on('cost.unpriced', ({ provider, model, reason, key }) => {
        const labels = { provider, model: this.labels.forName(model), reason };
        metrics.unpriced.inc(key === undefined ? labels : { ...labels, key: this.keys.of(key) });
      }),
      this.events.on('usage.flushed', ({ store, records, durationMs, ok }) => {
        metrics.usageFlushDuration.observe({ store, outcome: ok ? 'ok' : 'error' }, durationMs / 1000);
        if (ok) metrics.usageWritten.inc({ store }, records);
      }),
      this.events.on('usage.dropped', ({ store, records }) => metrics.usageDropped.inc({ store }, records)),
      this.events.on('response_cache.lookup', ({ result }) => metrics.responseCache.inc({ result })),
      this.events.on('response_cache.error', ({ store, operation }) => metrics.responseCacheErrors.inc({ store, operation })),
    ];
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }
}
