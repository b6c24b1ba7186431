import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '@latticelm/api';
import { ClientAbortedError, upstreamHttpError, upstreamTimeout, upstreamUnreachable } from '@latticelm/providers';
import { RETRY_AFTER_CAP_MS, retryDelayMs } from './retry-policy';

const fixed = (value: number) => () => value;

describe('retryDelayMs', () => {
  it('backs off exponentially with jitter inside [ceiling/2, ceiling]', () => {
    const error = upstreamUnreachable('p', 'ECONNREFUSED');
    assert.equal(retryDelayMs(error, 0, fixed(0)), 125);
    assert.equal(retryDelayMs(error, 0, fixed(1)), 250);
    assert.equal(retryDelayMs(error, 2, fixed(0.5)), 750);
    assert.equal(retryDelayMs(error, 10, fixed(1)), 4000);
  });

  it('retries 5xx, 429 and timeouts, honouring an acceptable Retry-After', () => {
    assert.equal(retryDelayMs(upstreamHttpError({ provider: 'p', status: 500, message: 'x' }), 0, fixed(1)), 250);
    assert.equal(retryDelayMs(upstreamTimeout('p'), 0, fixed(1)), 250);
    const limited = upstreamHttpError({ provider: 'p', status: 429, message: 'slow down', headers: { 'retry-after': '3' } });
    assert.equal(retryDelayMs(limited, 0, fixed(0)), 3000);
  });

  it('gives up when the vendor asks to wait longer than the cap', () => {
    const seconds = RETRY_AFTER_CAP_MS / 1000 + 1;
    const limited = upstreamHttpError({ provider: 'p', status: 429, message: 'later', headers: { 'retry-after': String(seconds) } });
    assert.equal(retryDelayMs(limited, 0, fixed(0)), undefined);
  });

  it('never retries client errors, aborts or gateway faults', () => {
    assert.equal(retryDelayMs(upstreamHttpError({ provider: 'p', status: 400, message: 'bad' }), 0, fixed(0)), undefined);
    assert.equal(retryDelayMs(new ClientAbortedError(), 0, fixed(0)), undefined);
    assert.equal(retryDelayMs(GatewayError.internal(), 0, fixed(0)), undefined);
  });
});
