import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { describeError } from './describe-error';
import { TurnFailedError } from './gateway-client';

const URL = 'http://gw:8080';

describe('describeError', () => {
  it('shows the status and the Open Responses error message with its param', () => {
    const error = APIError.generate(404, { error: { message: "model 'nope' is not configured", type: 'invalid_request_error', code: 'model_not_found', param: 'model' } }, undefined, new Headers());
    assert.equal(describeError(error, URL), "HTTP 404: model 'nope' is not configured (param model, model_not_found)");
  });

  it('adds Retry-After for 429 and the --token hint for 401', () => {
    const limited = APIError.generate(429, { error: { message: 'slow down', type: 'rate_limit_error' } }, undefined, new Headers({ 'retry-after': '3' }));
    assert.equal(describeError(limited, URL), 'HTTP 429: slow down (retry after 3s)');
    const unauthorized = APIError.generate(401, { error: { message: 'missing bearer token' } }, undefined, new Headers());
    assert.match(describeError(unauthorized, URL), /^HTTP 401: missing bearer token \(pass --token/);
  });

  it('names the innermost cause of a connection failure', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const error = new APIConnectionError({ cause: new TypeError('fetch failed', { cause: refused }) });
    assert.equal(describeError(error, URL), 'cannot reach the gateway at http://gw:8080 (ECONNREFUSED)');
  });

  it('covers failed streams, aborts and plain errors', () => {
    assert.equal(describeError(new TurnFailedError('upstream cut', 'server_error'), URL), 'the response failed: upstream cut [server_error]');
    assert.equal(describeError(new APIUserAbortError(), URL), 'cancelled');
    assert.equal(describeError(new Error('boom'), URL), 'boom');
    assert.equal(describeError('odd', URL), 'odd');
  });
});
