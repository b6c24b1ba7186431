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

  it('grades circuits: closed is healthy, some open or half-open degraded, all open unhealthy', () => {
    assert.equal(circuitCheck({}).status, 'healthy');
    assert.equal(circuitCheck({ a: 'closed', b: 'closed' }).status, 'healthy');
    assert.equal(circuitCheck({ a: 'closed', b: 'half_open' }).status, 'degraded');
    assert.match(circuitCheck({ a: 'open', b: 'closed' }).message, /open: a/);
    assert.equal(circuitCheck({ a: 'open', b: 'open' }).status, 'unhealthy');
  });
});
