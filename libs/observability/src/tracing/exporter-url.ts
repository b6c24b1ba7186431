import type { ObservabilityConfig } from '@latticelm/config';

type ExporterConfig = ObservabilityConfig['tracing']['exporter'];

/**
 * The seed writes the endpoint as "host:port" (gRPC style). Without a scheme, `insecure` picks http:// (plain)
 * or https:// (TLS): the OTLP gRPC exporter derives its credentials from that scheme. OTLP/HTTP also needs the
 * signal path, added when the endpoint has none.
 */
export function exporterUrl(exporter: ExporterConfig): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(exporter.endpoint)
    ? exporter.endpoint
    : `${exporter.insecure ? 'http' : 'https'}://${exporter.endpoint}`;
  if (exporter.type !== 'otlp-http') return withScheme;
  const url = new URL(withScheme);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/traces';
  return url.toString();
}
