import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '@latticelm/api';
import { upstreamHttpError, upstreamStreamError, upstreamTimeout, upstreamUnreachable } from './upstream-error';
import { upstreamErrorKind } from './upstream-error-kind';

describe('upstreamErrorKind', () => {
  it('classifies the shared vendor error mapping', () => {
    assert.equal(upstreamErrorKind(upstreamHttpError({ provider: 'p', status: 400, message: 'bad' }), 'p'), 'http_4xx');
    assert.equal(upstreamErrorKind(upstreamHttpError({ provider: 'p', status: 401, message: 'key' }), 'p'), 'http_4xx');
    assert.equal(upstreamErrorKind(upstreamHttpError({ provider: 'p', status: 429, message: 'slow down' }), 'p'), 'http_429');
    assert.equal(upstreamErrorKind(upstreamHttpError({ provider: 'p', status: 503, message: 'down' }), 'p'), 'http_5xx');
    assert.equal(upstreamErrorKind(upstreamTimeout('p'), 'p'), 'timeout');
    assert.equal(upstreamErrorKind(upstreamUnreachable('p', 'ECONNREFUSED'), 'p'), 'connection');
    assert.equal(upstreamErrorKind(upstreamStreamError('p', 'cut'), 'p'), 'stream');
  });

  it('does not count refusals that never reached the vendor', () => {
    assert.equal(upstreamErrorKind(GatewayError.unsupported('tools', 'p'), 'p'), undefined);
    assert.equal(upstreamErrorKind(new Error('client went away'), 'p'), undefined);
  });

  it('recognises an open circuit', () => {
    const open = new GatewayError({ status: 503, type: 'service_unavailable', code: 'circuit_open', message: 'p: circuit open' });
    assert.equal(upstreamErrorKind(open, 'p'), 'circuit_open');
  });
});
