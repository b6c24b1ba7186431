import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimHasValue, findClaim } from './claim-matcher';

describe('claimHasValue', () => {
  it('matches string, array and space-separated claims', () => {
    assert.ok(claimHasValue({ roles: 'admin' }, 'roles', 'admin'));
    assert.ok(claimHasValue({ roles: ['user', 'admin'] }, 'roles', 'admin'));
    assert.ok(claimHasValue({ scope: 'openid gateway:admin' }, 'scope', 'gateway:admin'));
  });

  it('does not match near misses', () => {
    assert.ok(!claimHasValue({ roles: 'administrator' }, 'roles', 'admin'));
    assert.ok(!claimHasValue({ roles: ['Admin'] }, 'roles', 'admin'));
    assert.ok(!claimHasValue({ roles: { admin: true } }, 'roles', 'admin'));
    assert.ok(!claimHasValue({}, 'roles', 'admin'));
  });

  it('follows dotted paths, and prefers a literal key with dots (Auth0 namespaced claims)', () => {
    assert.ok(claimHasValue({ realm_access: { roles: ['admin'] } }, 'realm_access.roles', 'admin'));
    assert.ok(claimHasValue({ 'https://example.com/roles': ['admin'] }, 'https://example.com/roles', 'admin'));
    assert.equal(findClaim({ a: { b: 1 } }, 'a.b.c'), undefined);
    assert.equal(findClaim({ a: ['x'] }, 'a.0'), undefined);
    assert.equal(findClaim({}, 'constructor'), undefined);
  });
});
