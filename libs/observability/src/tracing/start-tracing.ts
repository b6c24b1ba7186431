import { OTLPTraceExporter as OTLPGrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as OTLPHttpTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ObservabilityConfig } from '@latticelm/config';
import { createSampler } from './create-sampler';
import { exporterUrl } from './exporter-url';

let started: { sdk: NodeSDK; processors: BatchSpanProcessor[] } | undefined;

export function tracingEnabled(config: ObservabilityConfig): boolean {
  return config.enabled && config.tracing.enabled;
}

/**
 * Starts the OpenTelemetry SDK (W3C trace context propagation, AsyncLocalStorage context, OTLP exporter) before
 * Nest boots. The SDK is process-global, so the first call wins; later calls (more apps in one test process)
 * reuse it. Metrics and logs signals stay off: metrics are Prometheus', logs go to stdout.
 */
export function startTracing(config: ObservabilityConfig): boolean {
  if (!tracingEnabled(config)) return false;
  if (started) return true;
  const exporter = createExporter(config.tracing.exporter);
  const processors = exporter ? [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })] : [];
  const sdk = new NodeSDK({
    serviceName: config.tracing.serviceName,
    sampler: createSampler(config.tracing.sampler),
    spanProcessors: processors,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  started = { sdk, processors };
  return true;
}

/** Sends what is buffered; called when the app shuts down (and by tests before they look at the receiver). */
export async function flushTracing(): Promise<void> {
  if (!started) return;
  await Promise.all(started.processors.map((processor) => processor.forceFlush()));
}

function createExporter(exporter: ObservabilityConfig['tracing']['exporter']): SpanExporter | undefined {
  switch (exporter.type) {
    case 'otlp':
      return new OTLPGrpcTraceExporter({ url: exporterUrl(exporter) });
    case 'otlp-http':
      return new OTLPHttpTraceExporter({ url: exporterUrl(exporter) });
    case 'none':
      return undefined;
  }
}
