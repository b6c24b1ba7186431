import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRoute, routeHref } from './route';

describe('console routes', () => {
  it('reads the hash, and writes it back', () => {
    assert.deepEqual(parseRoute(''), { page: 'dashboard' });
    assert.deepEqual(parseRoute('#/'), { page: 'dashboard' });
    assert.deepEqual(parseRoute('#/keys'), { page: 'keys' });
    assert.deepEqual(parseRoute('#/keys/key_a%2Fb/'), { page: 'key', id: 'key_a/b' });
    assert.deepEqual(parseRoute('#/playground'), { page: 'playground' });
    assert.deepEqual(parseRoute('#/nope/x'), { page: 'not_found', path: 'nope/x' });
    for (const hash of ['#/', '#/keys', '#/keys/key_a%2Fb', '#/requests', '#/config']) assert.equal(routeHref(parseRoute(hash)), hash);
  });
});
