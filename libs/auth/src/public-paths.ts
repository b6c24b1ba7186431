import type { GatewayConfig } from '@latticelm/config';

/**
 * Paths answered without a token even when auth is on: the probes, the metrics scrape and the API reference
 * (Swagger registers /docs outside Nest, so no guard sees it today; listed so that none ever will). They belong
 * to other modules, so they are listed here by path; own controllers can use `@Public()` instead. Express
 * matches routes case-insensitively and ignores one trailing slash, so the comparison does too.
 */
export function publicPaths(config: GatewayConfig): ReadonlySet<string> {
  return new Set(['/health', '/ready', '/docs', '/docs/openapi.json', config.observability.metrics.path].map(normalizePath));
}

export function isPublicPath(path: string, publicSet: ReadonlySet<string>): boolean {
  return publicSet.has(normalizePath(path));
}

function normalizePath(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path;
  return trimmed.toLowerCase();
}
