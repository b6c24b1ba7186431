import type { GatewayConfig } from './gateway-config';

/**
 * The operational routes that are never authenticated nor rate limited: the probes, the metrics scrape and the
 * API reference (Swagger registers /docs outside Nest, so no guard sees it today; listed so that none ever will).
 * One list for both guards. Express matches routes case-insensitively and ignores one trailing slash, so the
 * comparison does too.
 */
export function operationalPaths(config: GatewayConfig): ReadonlySet<string> {
  return new Set(['/health', '/ready', '/docs', '/docs/openapi.json', config.observability.metrics.path].map(normalizePath));
}

export function isOperationalPath(path: string, paths: ReadonlySet<string>): boolean {
  return paths.has(normalizePath(path));
}

function normalizePath(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path;
  return trimmed.toLowerCase();
}
