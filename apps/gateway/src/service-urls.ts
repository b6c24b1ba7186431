import { GatewayConfig, metricsEnabled } from '@latticelm/config';

export interface ServiceUrl {
  name: 'API' | 'docs' | 'admin' | 'metrics';
  url: string;
}

/** What the start-up log points an operator to: the API and each of docs, admin and metrics that is on. */
export function serviceUrls(config: GatewayConfig, port: number): ServiceUrl[] {
  const base = `http://${displayHost(config.server.host)}:${port}`;
  const urls: ServiceUrl[] = [{ name: 'API', url: `${base}/v1` }];
  if (config.server.docsEnabled) urls.push({ name: 'docs', url: `${base}/docs` });
  if (config.admin.enabled) urls.push({ name: 'admin', url: `${base}/admin/` });
  if (metricsEnabled(config)) urls.push({ name: 'metrics', url: `${base}${config.observability.metrics.path}` });
  return urls;
}

/** Every interface is reachable on this machine as localhost; a specific address is shown as configured. */
function displayHost(host: string): string {
  if (host === '' || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
