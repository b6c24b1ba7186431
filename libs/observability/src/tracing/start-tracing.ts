/* eslint-disable @typescript-eslint/no-require-imports -- the tracing SDK and its exporters (gRPC among them) load only when tracing is on: off, they cost start-up time and tens of MB for nothing */
import type { BatchSpanProcessor, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { ObservabilityConfig } from '@latticelm/config';
import { exporterUrl } from './exporter-url';

let started: { provider: NodeTracerProvider; processors: BatchSpanProcessor[] } | undefined;

export function tracingEnabled(config: ObservabilityConfig): boolean {
  return config.enabled && config.tracing.enabled;
}

/**
 * Starts OpenTelemetry tracing (W3C trace context propagation, AsyncLocalStorage context, OTLP exporter) before
 * Nest boots. The tracer provider is process-global, so the first call wins; later calls (more apps in one test
 * process) reuse it. Only the tracing SDK and the two trace exporters are loaded — not the whole NodeSDK, whose
 * metrics and logs exporters (unused: metrics are Prometheus', logs go to stdout) weighed 50 MiB in the image.
 * The resource is what NodeSDK would detect (OTEL_RESOURCE_ATTRIBUTES, process, host) with the configured name.
 */
export function startTracing(config: ObservabilityConfig): boolean {
  if (!tracingEnabled(config)) return false;
  if (started) return true;
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { ATTR_SERVICE_NAME } = require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions');
  const { createSampler } = require('./create-sampler') as typeof import('./create-sampler');
  const exporter = createExporter(config.tracing.exporter);
  const processors = exporter ? [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })] : [];
  const resource = detectResources({ detectors: [envDetector, processDetector, hostDetector] }).merge(
    resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.tracing.serviceName }),
  );
  const provider = new NodeTracerProvider({ resource, sampler: createSampler(config.tracing.sampler), spanProcessors: processors });
  provider.register();
  started = { provider, processors };
  return true;
}

/** Sends what is buffered; called when the app shuts down (and by tests before they look at the receiver). */
export async function flushTracing(): Promise<void> {
  if (!started) return;
  await Promise.all(started.processors.map((processor) => processor.forceFlush()));
}

function createExporter(exporter: ObservabilityConfig['tracing']['exporter']): SpanExporter | undefined {
  switch (exporter.type) {
    case 'otlp': {
      const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc');
      return new OTLPTraceExporter({ url: exporterUrl(exporter) });
    }
    case 'otlp-http': {
      const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
      return new OTLPTraceExporter({ url: exporterUrl(exporter) });
    }
    case 'none':
      return undefined;
  }
}
