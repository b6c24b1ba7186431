import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, Principal } from '@latticelm/api';
import { cacheDirectiveFor, parseCacheHeader } from './cache-directive';

const byDefault = { cacheByDefault: true, shared: false };
const optIn = { cacheByDefault: false, shared: false };
const keyed = (metadata: Record<string, string> = {}): Principal => ({ subject: 'team-a', claims: {}, via: 'api_key', apiKey: { id: 'key_1', name: 'a', metadata } });
const oidc: Principal = { subject: 'alice', claims: {} };

describe('cacheDirectiveFor', () => {
  it('caches by default, per API key, per subject without a key, and for everyone when shared', () => {
    assert.deepEqual(cacheDirectiveFor(byDefault, keyed(), undefined), { mode: 'use', partition: 'key:key_1' });
    assert.deepEqual(cacheDirectiveFor(byDefault, oidc, undefined), { mode: 'use', partition: 'subject:alice' });
    assert.deepEqual(cacheDirectiveFor(byDefault, undefined, undefined), { mode: 'use', partition: 'subject:anonymous' });
    assert.deepEqual(cacheDirectiveFor({ ...byDefault, shared: true }, keyed(), undefined), { mode: 'use', partition: 'shared' });
  });

  it('lets a request turn the cache off, on, or refresh the kept answer', () => {
    assert.equal(cacheDirectiveFor(byDefault, oidc, 'off'), undefined);
    assert.deepEqual(cacheDirectiveFor(byDefault, oidc, 'refresh'), { mode: 'refresh', partition: 'subject:alice' });
    assert.deepEqual(cacheDirectiveFor(optIn, oidc, 'on'), { mode: 'use', partition: 'subject:alice' });
    assert.equal(cacheDirectiveFor(optIn, oidc, undefined), undefined, 'opt-in: a request that does not ask is not cached');
  });

  it("follows the key's metadata.response_cache: on opts in, off keeps every request out", () => {
    assert.deepEqual(cacheDirectiveFor(optIn, keyed({ response_cache: 'on' }), undefined), { mode: 'use', partition: 'key:key_1' });
    assert.equal(cacheDirectiveFor(byDefault, keyed({ response_cache: 'off' }), undefined), undefined);
    assert.equal(cacheDirectiveFor(byDefault, keyed({ response_cache: 'off' }), 'on'), undefined, "the key's off wins over the request");
    assert.equal(cacheDirectiveFor(optIn, keyed({ response_cache: 'on' }), 'off'), undefined);
  });
});

describe('parseCacheHeader', () => {
  it('reads on, off and refresh in any case; anything else is a 400 naming the header', () => {
    assert.equal(parseCacheHeader(' Refresh '), 'refresh');
    assert.equal(parseCacheHeader(undefined), undefined);
    assert.throws(
      () => parseCacheHeader('yes'),
      (error: unknown) => error instanceof GatewayError && error.status === 400 && error.param === 'x-latticelm-cache' && /on, off, refresh/.test(error.message),
    );
    assert.throws(() => parseCacheHeader(['on', 'off']), GatewayError);
  });
});
