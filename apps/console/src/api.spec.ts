import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, errorOf, isMissing, withQuery } from './api';

describe('console API client', () => {
  it('writes queries without the empty fields', () => {
    assert.equal(withQuery('usage', { group_by: 'hour', from: 1700000000, model: '', key_id: undefined }), 'usage?group_by=hour&from=1700000000');
    assert.equal(withQuery('keys'), 'keys');
    assert.equal(withQuery('requests', { model: 'a b/c' }), 'requests?model=a+b%2Fc');
  });

  it('reads Open Responses error bodies, and plain failures', async () => {
    const error = await errorOf(new Response(JSON.stringify({ error: { message: "'name' is required", code: 'invalid_request', param: 'name' } }), { status: 400 }));
    assert.deepEqual([error.status, error.message, error.code, error.param], [400, "'name' is required", 'invalid_request', 'name']);
    const plain = await errorOf(new Response('<html>', { status: 502 }));
    assert.equal(plain.message, 'HTTP 502');
    assert.ok(isMissing(new ApiError(404, 'x')));
    assert.ok(!isMissing(new ApiError(401, 'x')));
  });
});
