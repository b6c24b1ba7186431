import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OidcIssuer, OidcIssuerOptions } from '../support/oidc-issuer';
import { assertValidError } from '../support/spec-assertions';

/** Starts an issuer and a gateway configured with `configuredIssuer(issuer)`; both are closed after the suite. */
async function setUp(options: OidcIssuerOptions, configuredIssuer: (issuer: OidcIssuer) => string, startAvailable = true) {
  const issuer = await new OidcIssuer(options).start();
  issuer.available = startAvailable;
  const gateway = await startGateway({ auth: { enabled: true, issuer: configuredIssuer(issuer), audience: issuer.audience } });
  running.push({ issuer, gateway });
  return { issuer, gateway };
}
const running: { issuer: OidcIssuer; gateway: RunningGateway }[] = [];
after(async () => {
  for (const { issuer, gateway } of running) {
    await gateway?.close();
    await issuer.stop();
  }
});

const models = (gateway: RunningGateway, token: string) => fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });

describe('OIDC discovery', () => {
  it('works when the issuer is configured with a trailing slash (Google-style issuer without one)', async () => {
    const { issuer, gateway } = await setUp({}, (i) => `${i.issuer}/`);
    assert.equal((await models(gateway, await issuer.token())).status, 200);
  });

  it('works when the issuer names itself with a trailing slash (Auth0-style) and is configured without', async () => {
    const { issuer, gateway } = await setUp({ trailingSlash: true }, (i) => i.issuer.replace(/\/$/, ''));
    assert.ok(issuer.issuer.endsWith('/'));
    assert.equal((await models(gateway, await issuer.token())).status, 200);
  });

  it('works for an issuer with a path (Keycloak-style realms)', async () => {
    const { issuer, gateway } = await setUp({ path: '/realms/test' }, (i) => i.issuer);
    assert.equal((await models(gateway, await issuer.token())).status, 200);
  });

  it('survives an issuer that is down at start-up and discovers it on the first request', async () => {
    const { issuer, gateway } = await setUp({}, (i) => i.issuer, false);
    assert.equal(issuer.discoveryHits, 1, 'tried once at start-up');
    issuer.available = true;
    assert.equal((await models(gateway, await issuer.token())).status, 200);
    assert.equal(issuer.discoveryHits, 2);
  });

  it('answers 503 with Retry-After while the issuer is unreachable, without crashing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const issuer = await new OidcIssuer().start();
    const gateway = await startGateway({ auth: { enabled: true, issuer: `http://127.0.0.1:${port}`, audience: issuer.audience } });
    running.push({ issuer, gateway });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const res = await models(gateway, await issuer.token());
      assert.equal(res.status, 503);
      assert.ok(Number(res.headers.get('retry-after')) >= 1);
      const body = await res.json();
      assertValidError(body);
      assert.equal(body.error.type, 'service_unavailable');
      assert.equal(body.error.code, 'auth_issuer_unavailable');
    }
    // a request without a token still gets its 401: the issuer is not needed to refuse it
    assert.equal((await fetch(`${gateway.url}/v1/models`)).status, 401);
  });

  it('rate-limits JWKS refetches caused by unknown kids', async () => {
    const { issuer, gateway } = await setUp({}, (i) => i.issuer);
    assert.equal((await models(gateway, await issuer.token())).status, 200);
    const before = issuer.jwksHits;
    for (let i = 0; i < 15; i += 1) {
      const kid = await issuer.prepareKey();
      const res = await models(gateway, await issuer.token({}, { kid }));
      assert.equal(res.status, 401);
      await res.arrayBuffer();
    }
    const refetches = issuer.jwksHits - before;
    assert.ok(refetches <= 10, `at most 10 JWKS fetches a minute, saw ${refetches}`);
  });
});
