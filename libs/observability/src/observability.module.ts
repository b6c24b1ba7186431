import { DynamicModule, Injectable, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { OpenTelemetryModule, TraceService } from 'nestjs-otel';
import { collectDefaultMetrics, register } from 'prom-client';
import type { GatewayConfig } from '@latticelm/config';
import { ProvidersModule } from '@latticelm/providers';
import { GatewayMetrics } from './metrics/gateway-metrics';
import { METRIC_PROVIDERS } from './metrics/metric-providers';
import { MetricsEventSubscriber } from './metrics/metrics-event-subscriber';
import { ModelLabels } from './metrics/model-labels';
import { ProviderInstrumentationInstaller } from './provider/provider-instrumentation.installer';
import { RequestObserver } from './request/request-observer';
import { OBSERVABILITY_TRACER } from './tracing/tracer.token';
import { flushTracing, tracingEnabled } from './tracing/start-tracing';

@Injectable()
class TracingFlusher implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await flushTracing();
  }
}

export function metricsEnabled(config: GatewayConfig): boolean {
  return config.observability.enabled && config.observability.metrics.enabled;
}

/**
 * Access logs and request ids (always), Prometheus metrics on `observability.metrics.path` and OpenTelemetry
 * spans (when enabled). The SDK itself is started by startTracing() before Nest boots.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    const imports: DynamicModule['imports'] = [ProvidersModule];
    const providers: Provider[] = [
      { provide: ModelLabels, useValue: new ModelLabels(config.models) },
      RequestObserver,
      ProviderInstrumentationInstaller,
    ];
    if (metricsEnabled(config)) {
      // Node process metrics keep their conventional unprefixed names (process_*, nodejs_*) for stock dashboards.
      // They are registered once per process: several apps in one test process share prom-client's registry.
      if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
      imports.push(PrometheusModule.register({ path: config.observability.metrics.path, defaultMetrics: { enabled: false } }));
      providers.push(...METRIC_PROVIDERS, GatewayMetrics, MetricsEventSubscriber);
    }
    if (tracingEnabled(config.observability)) {
      imports.push(OpenTelemetryModule.forRoot());
      providers.push(TracingFlusher, { provide: OBSERVABILITY_TRACER, inject: [TraceService], useFactory: (traces: TraceService) => traces.getTracer() });
    } else {
      providers.push({ provide: OBSERVABILITY_TRACER, useValue: null });
    }
    return { module: ObservabilityModule, imports, providers, exports: [RequestObserver] };
  }
}
