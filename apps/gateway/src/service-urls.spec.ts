import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig } from '@latticelm/config';
import { serviceUrls } from './service-urls';

const urls = (raw: Record<string, unknown>, port = 8080) => serviceUrls(buildConfig(raw, 'test'), port).map(({ name, url }) => `${name} ${url}`);

describe('serviceUrls', () => {
  it('lists the API and the docs by default, on localhost when every interface listens', () => {
    assert.deepEqual(urls({}), ['API http://localhost:8080/v1', 'docs http://localhost:8080/docs']);
    assert.deepEqual(urls({ server: { address: '0.0.0.0:9000' } }, 9000), ['API http://localhost:9000/v1', 'docs http://localhost:9000/docs']);
  });

  it('adds admin and metrics (at its configured path) when they are on, and drops what is off', () => {
    const raw = {
      server: { address: '10.1.2.3:8090', docs_enabled: false },
      admin: { enabled: true },
      observability: { enabled: true, metrics: { path: '/internal/metrics' } },
    };
    assert.deepEqual(urls(raw, 8090), ['API http://10.1.2.3:8090/v1', 'admin http://10.1.2.3:8090/admin/', 'metrics http://10.1.2.3:8090/internal/metrics']);
    assert.deepEqual(urls({ observability: { enabled: true, metrics: { enabled: false } }, server: { docs_enabled: false } }), ['API http://localhost:8080/v1']);
  });

  it('brackets an IPv6 address', () => {
    assert.deepEqual(urls({ server: { address: '[::1]:8080', docs_enabled: false } }), ['API http://[::1]:8080/v1']);
  });
});
