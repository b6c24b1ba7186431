import { DynamicModule, Inject, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { TraceService } from 'nestjs-otel';
import { collectDefaultMetrics, register } from 'prom-client';
import { GatewayEvents } from '@latticelm/api';
import { GatewayConfig, metricsEnabled } from '@latticelm/config';
import { ConversationStore } from '@latticelm/conversations';
import { KeyLabels } from './metrics/bounded-labels';
import { CallerLabels } from './metrics/caller-labels';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { METRIC_PROVIDERS } from './metrics/metric-providers';
import { MetricsEventSubscriber } from './metrics/metrics-event-subscriber';
import { ModelLabels } from './metrics/model-labels';
import { ProviderInstrumentation } from './provider/provider-instrumentation';
import { RequestObserver } from './request/request-observer';
import { OBSERVABILITY_TRACER } from './tracing/tracer.token';
import { flushTracing, tracingEnabled } from './tracing/start-tracing';
import { traceConversationStore } from './tracing/trace-conversation-store';

@Injectable()
class TracingFlusher implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}

/** Spans around the conversation store's calls, installed once at start-up when tracing is on. */
@Injectable()
class ConversationStoreTracing {
  constructor(@Inject(ConversationStore) store: ConversationStore, @Inject(OBSERVABILITY_TRACER) tracer: Tracer) {
    traceConversationStore(store, tracer);
  }
}

/**
 * Access logs and request ids (always), Prometheus metrics on `observability.metrics.path` and OpenTelemetry
 * spans (when enabled). The SDK itself is started by startTracing() before Nest boots.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const imports: DynamicModule['imports'] = [];
    const labels = new ModelLabels(config.models);
    const caller = config.observability.metrics.caller;
    const callers = caller.enabled ? new CallerLabels(caller.maxValues) : undefined;
    const keys = new KeyLabels();
    const providers: Provider[] = [
      { provide: ModelLabels, useValue: labels },
      { provide: CallerLabels, useValue: callers ?? null },
      { provide: KeyLabels, useValue: keys },
      RequestObserver,
    ];
    const instrumented = metricsEnabled(config) || tracingEnabled(config.observability);
    if (metricsEnabled(config)) {
      // Node process metrics keep their conventional unprefixed names (process_*, nodejs_*) for stock dashboards.
      // They are registered once per process: several apps in one test process share prom-client's registry.
      if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
      imports.push(PrometheusModule.register({ path: config.observability.metrics.path, defaultMetrics: { enabled: false } }));
      providers.push(...METRIC_PROVIDERS, GatewayMetrics, MetricsEventSubscriber);
    }
    if (tracingEnabled(config.observability)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- nestjs-otel loads only when tracing is on
      const { OpenTelemetryModule, TraceService: TraceServiceToken } = require('nestjs-otel') as typeof import('nestjs-otel');
      imports.push(OpenTelemetryModule.forRoot());
      providers.push(
        TracingFlusher,
        ConversationStoreTracing,
        { provide: OBSERVABILITY_TRACER, inject: [TraceServiceToken], useFactory: (traces: TraceService) => traces.getTracer() },
      );
    } else {
      providers.push({ provide: OBSERVABILITY_TRACER, useValue: null });
    }
    // Off, the provider calls carry no instrumentation at all (the composition root finds none to chain).
    const exports: Provider[] = [RequestObserver];
    if (instrumented) {
      const instrumentation: Provider = {
        provide: ProviderInstrumentation,
        inject: [GatewayEvents, { token: GatewayMetrics, optional: true }, OBSERVABILITY_TRACER],
        useFactory: (events: GatewayEvents, metrics: GatewayMetrics | undefined, tracer: Tracer | null) =>
          new ProviderInstrumentation({ labels, callers, keys, events, metrics, tracer: tracer ?? undefined }),
      };
      providers.push(instrumentation);
      exports.push(instrumentation);
    }
    return { module: ObservabilityModule, global: true, imports, providers, exports };
  }
}
