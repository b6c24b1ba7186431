import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exporterUrl } from './exporter-url';

describe('exporterUrl', () => {
  it('adds a scheme from `insecure` to the seed host:port form', () => {
    assert.equal(exporterUrl({ type: 'otlp', endpoint: 'localhost:4317', insecure: true }), 'http://localhost:4317');
    assert.equal(exporterUrl({ type: 'otlp', endpoint: 'collector:4317', insecure: false }), 'https://collector:4317');
    assert.equal(exporterUrl({ type: 'otlp', endpoint: 'https://c:4317', insecure: true }), 'https://c:4317');
  });

  it('adds the traces path for OTLP/HTTP unless one is given', () => {
    assert.equal(exporterUrl({ type: 'otlp-http', endpoint: 'localhost:4318', insecure: true }), 'http://localhost:4318/v1/traces');
    assert.equal(exporterUrl({ type: 'otlp-http', endpoint: 'http://c:4318/custom/traces', insecure: true }), 'http://c:4318/custom/traces');
  });
});
