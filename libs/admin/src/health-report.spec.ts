import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { circuitCheck, overallStatus } from './health-report';

describe('health report', () => {
  it('takes the worst check as the overall status', () => {
    const ok = { status: 'healthy' as const, message: '' };
    assert.equal(overallStatus({ a: ok, b: ok }), 'healthy');
    assert.equal(overallStatus({ a: ok, b: { status: 'degraded', message: '' } }), 'degraded');
    assert.equal(overallStatus({ a: { status: 'degraded', message: '' }, b: { status: 'unhealthy', message: '' } }), 'unhealthy');
  });

  it('grades circuits: closed or half-open is healthy (half-open said so), some open degraded, all open unhealthy', () => {
    assert.equal(circuitCheck({}).status, 'healthy');
    assert.equal(circuitCheck({ a: 'closed', b: 'closed' }).status, 'healthy');
    assert.equal(circuitCheck({ a: 'closed', b: 'half_open' }).status, 'healthy', 'an idle half-open circuit is not degraded');
    assert.match(circuitCheck({ a: 'closed', b: 'half_open' }).message, /half-open \(admitting trial requests\): b/);
    assert.equal(circuitCheck({ a: 'partially_open', b: 'closed' }).status, 'degraded');
    assert.match(circuitCheck({ a: 'partially_open' }).message, /some models open: a/);
    assert.match(circuitCheck({ a: 'open', b: 'closed' }).message, /open: a/);
    assert.equal(circuitCheck({ a: 'open', b: 'open' }).status, 'unhealthy');
  });
});
