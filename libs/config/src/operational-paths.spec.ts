import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig } from './build-config';
import { isOperationalPath, operationalPaths } from './operational-paths';

describe('operational paths', () => {
  const set = operationalPaths(buildConfig({ observability: { metrics: { path: '/internal/metrics' } } }, 'x'));

  it('opens the probes and the configured metrics path, as Express would match them', () => {
    for (const path of ['/health', '/ready', '/Health/', '/internal/metrics', '/docs', '/docs/openapi.json']) assert.ok(isOperationalPath(path, set), path);
  });

  it('keeps everything else closed', () => {
    for (const path of ['/metrics', '/v1/responses', '/admin/api/info', '/health/x', '/']) assert.ok(!isOperationalPath(path, set), path);
  });
});
