import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readJwtHeader } from './jwt-header';

const encode = (header: unknown) => `${Buffer.from(JSON.stringify(header)).toString('base64url')}.e30.sig`;

describe('readJwtHeader', () => {
  it('accepts the asymmetric families with their kid', () => {
    for (const alg of ['RS256', 'RS512', 'PS384', 'ES256', 'ES512']) assert.deepEqual(readJwtHeader(encode({ alg, kid: 'k1' })), { alg, kid: 'k1' });
  });

  it('refuses none, HMAC and anything else', () => {
    for (const alg of ['none', 'NONE', 'HS256', 'HS512', 'EdDSA', 'RS1', undefined, 7]) {
      const result = readJwtHeader(encode({ alg }));
      assert.ok('refused' in result, String(alg));
    }
  });

  it('refuses tokens that are not compact JWS or carry odd headers', () => {
    assert.ok('refused' in readJwtHeader('abc'));
    assert.ok('refused' in readJwtHeader('!!.e30.x'));
    assert.ok('refused' in readJwtHeader(encode('RS256')));
    assert.ok('refused' in readJwtHeader(encode({ alg: 'RS256', kid: 5 })));
  });
});
