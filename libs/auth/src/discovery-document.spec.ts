import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoveryUrl, parseDiscoveryDocument } from './discovery-document';

describe('discoveryUrl', () => {
  it('appends the well-known path once, with or without a trailing slash', () => {
    assert.equal(discoveryUrl('https://accounts.google.com'), 'https://accounts.google.com/.well-known/openid-configuration');
    assert.equal(discoveryUrl('https://tenant.auth0.com/'), 'https://tenant.auth0.com/.well-known/openid-configuration');
    assert.equal(discoveryUrl('https://kc.example/realms/x/'), 'https://kc.example/realms/x/.well-known/openid-configuration');
  });
});

describe('parseDiscoveryDocument', () => {
  const jwks = { jwks_uri: 'https://www.googleapis.com/oauth2/v3/certs' };

  it("accepts Google's document and both of Google's iss spellings", () => {
    const parsed = parseDiscoveryDocument('https://accounts.google.com/', { issuer: 'https://accounts.google.com', ...jwks });
    assert.equal(parsed.jwksUri, jwks.jwks_uri);
    assert.ok(parsed.issuers.includes('https://accounts.google.com'));
    assert.ok(parsed.issuers.includes('accounts.google.com'));
  });

  it('accepts the trailing-slash issuer of Auth0 when configured without it', () => {
    const parsed = parseDiscoveryDocument('https://t.auth0.com', { issuer: 'https://t.auth0.com/', ...jwks });
    assert.deepEqual([...parsed.issuers].sort(), ['https://t.auth0.com', 'https://t.auth0.com/']);
  });

  it('refuses a document for another issuer or without an http(s) jwks_uri', () => {
    assert.throws(() => parseDiscoveryDocument('https://a.example', { issuer: 'https://b.example', ...jwks }), /not the configured/);
    assert.throws(() => parseDiscoveryDocument('https://a.example', { issuer: 'https://a.example' }), /jwks_uri/);
    assert.throws(() => parseDiscoveryDocument('https://a.example', { issuer: 'https://a.example', jwks_uri: 'file:///etc/passwd' }), /jwks_uri/);
    assert.throws(() => parseDiscoveryDocument('https://a.example', 'html'), /JSON object/);
  });
});
