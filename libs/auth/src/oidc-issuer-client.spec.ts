import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '@latticelm/api';
import type { AuthConfig } from '@latticelm/config';
import { OidcIssuerClient } from './oidc-issuer-client';

const config: Omit<AuthConfig, 'apiKeys'> = { enabled: true, issuer: 'https://idp.example', audience: 'a', adminClaim: 'roles', adminValue: 'admin', clockSkewMs: 30_000 };
const header = { alg: 'RS256' as const, kid: 'k1' };

/** A fetch that answers discovery from a script, so no network is involved. */
function scriptedFetch(answers: (() => Response)[]) {
  const calls: string[] = [];
  const fetchFn = (async (url: string | URL | Request) => {
    calls.push(url instanceof Request ? url.url : url.toString());
    const next = answers.shift();
    if (!next) throw new Error('unexpected fetch');
    return next();
  }) as typeof fetch;
  return { fetchFn, calls };
}

const down = () => {
  throw new TypeError('fetch failed');
};

describe('OidcIssuerClient discovery', () => {
  it('answers 503 while the issuer is down, waits out a cooldown, then recovers', async () => {
    let now = 1_000_000;
    const { fetchFn, calls } = scriptedFetch([down, down, () => Response.json({ issuer: 'https://idp.example', jwks_uri: 'https://idp.example/jwks' })]);
    const client = new OidcIssuerClient(config, { now: () => now, fetch: fetchFn, retryCooldownMs: 2_000 });

    await client.warmUp();
    assert.equal(calls.length, 1);
    assert.deepEqual(client.acceptedIssuers(), []);

    // the start-up failure does not arm the cooldown: the first request retries at once
    const first = await client.publicKeyFor(header).catch((error: unknown) => error);
    assert.ok(first instanceof GatewayError && first.status === 503 && first.retryAfter === 2);
    assert.equal(calls.length, 2);

    now += 1_000;
    const during = await client.publicKeyFor(header).catch((error: unknown) => error);
    assert.ok(during instanceof GatewayError && during.status === 503 && during.retryAfter === 1);
    assert.equal(calls.length, 2, 'no fetch during the cooldown');

    now += 1_000;
    const discovered = await client.discovered();
    assert.equal(discovered.jwksUri, 'https://idp.example/jwks');
    assert.equal(calls.length, 3);
    assert.deepEqual(client.acceptedIssuers(), ['https://idp.example']);
  });

  it('shares one discovery among concurrent requests', async () => {
    const { fetchFn, calls } = scriptedFetch([down]);
    const client = new OidcIssuerClient(config, { fetch: fetchFn });
    const results = await Promise.all([1, 2, 3].map(() => client.publicKeyFor(header).catch((error: unknown) => error)));
    assert.equal(calls.length, 1);
    for (const result of results) assert.ok(result instanceof GatewayError && result.status === 503);
  });

  it('treats a non-2xx discovery answer or a document for another issuer as unavailable', async () => {
    const { fetchFn } = scriptedFetch([() => new Response('nope', { status: 500 }), () => Response.json({ issuer: 'https://evil.example', jwks_uri: 'https://evil.example/jwks' })]);
    const client = new OidcIssuerClient(config, { fetch: fetchFn, retryCooldownMs: 0 });
    assert.equal(((await client.discovered().catch((caught: unknown) => caught)) as GatewayError).status, 503);
    const error = await client.discovered().catch((caught: unknown) => caught);
    assert.ok(error instanceof GatewayError && error.code === 'auth_issuer_unavailable');
  });
});
