import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestIdFrom } from './request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('requestIdFrom', () => {
  it('keeps a plain client id', () => {
    assert.equal(requestIdFrom('abc-123_DEF.4:5'), 'abc-123_DEF.4:5');
    assert.equal(requestIdFrom(['first', 'second']), 'first');
  });

  it('replaces missing, long or unsafe ids with a UUID', () => {
    assert.match(requestIdFrom(undefined), UUID);
    assert.match(requestIdFrom(''), UUID);
    assert.match(requestIdFrom('x'.repeat(129)), UUID);
    assert.match(requestIdFrom('bad id'), UUID);
    assert.match(requestIdFrom('evil\r\nset-cookie: a=b'), UUID);
    assert.match(requestIdFrom('"quoted"'), UUID);
  });
});
