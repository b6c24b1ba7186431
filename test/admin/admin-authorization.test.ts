import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OidcIssuer } from '../support/oidc-issuer';
import { assertValidError } from '../support/spec-assertions';

describe('admin authorization', () => {
  const issuer = new OidcIssuer();
  let gateway: RunningGateway;
  let keycloakStyle: RunningGateway;

  before(async () => {
    await issuer.start();
    const auth = { enabled: true, issuer: issuer.issuer, audience: issuer.audience };
    gateway = await startGateway({ auth, admin: { enabled: true } });
    keycloakStyle = await startGateway({ auth: { ...auth, admin_claim: 'realm_access.roles', admin_value: 'gateway-admin' }, admin: { enabled: true } });
  });
  after(async () => {
    await Promise.all([gateway?.close(), keycloakStyle?.close()]);
    await issuer.stop();
  });

  const info = (target: RunningGateway, token?: string) =>
    fetch(`${target.url}/admin/api/info`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('needs a token', async () => {
    const res = await info(gateway);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="latticelm"');
    const bad = await info(gateway, 'not-a-jwt');
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('www-authenticate') ?? '', /error="invalid_token"/);
  });

  it('answers 403 with a permission_error when the admin claim is missing or lacks the value', async () => {
    for (const claims of [{}, { roles: ['user'] }, { roles: 'administrator' }, { roles: { admin: true } }]) {
      const res = await info(gateway, await issuer.token(claims));
      assert.equal(res.status, 403, JSON.stringify(claims));
      const body = await res.json();
      assertValidError(body);
      assert.equal(body.error.type, 'permission_error');
      assert.match(body.error.message, /'roles' claim to contain 'admin'/);
    }
  });

  it('answers 200 when the claim holds the admin value (array or string)', async () => {
    for (const roles of [['user', 'admin'], 'admin']) {
      const res = await info(gateway, await issuer.token({ roles }));
      assert.equal(res.status, 200, JSON.stringify(roles));
      assert.equal((await res.json()).name, 'latticelm');
    }
  });

  it('does not give admin rights on /v1 a meaning: a non-admin token still reaches /v1/models', async () => {
    assert.equal((await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${await issuer.token()}` } })).status, 200);
  });

  it('follows dotted claim paths (realm_access.roles)', async () => {
    assert.equal((await info(keycloakStyle, await issuer.token({ realm_access: { roles: ['gateway-admin'] } }))).status, 200);
    assert.equal((await info(keycloakStyle, await issuer.token({ roles: ['gateway-admin'] }))).status, 403);
  });

  it('serves the admin page itself without a token', async () => {
    const res = await fetch(`${gateway.url}/admin/`);
    assert.equal(res.status, 200);
    const script = /src="(assets\/[^"]+\.js)"/.exec(await res.text())?.[1];
    assert.equal((await fetch(`${gateway.url}/admin/${script}`)).status, 200);
  });
});
