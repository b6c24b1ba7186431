import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OidcIssuer } from '../support/oidc-issuer';

describe('guard order: authentication before rate limiting', () => {
  const issuer = new OidcIssuer();
  let gateway: RunningGateway;

  before(async () => {
    await issuer.start();
    gateway = await startGateway({
      auth: { enabled: true, issuer: issuer.issuer, audience: issuer.audience },
      rate_limit: { enabled: true, requests_per_second: 0.001, burst: 1 },
    });
  });
  after(async () => {
    await gateway?.close();
    await issuer.stop();
  });

  it('refuses unauthenticated requests with 401 before they reach the limiter', async () => {
    for (let i = 0; i < 3; i += 1) {
      const res = await fetch(`${gateway.url}/v1/models`);
      assert.equal(res.status, 401);
      await res.arrayBuffer();
    }
    const token = await issuer.token();
    const first = await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(first.status, 200, 'the 401s did not use up the bucket');
    const second = await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(second.status, 429);
  });
});
