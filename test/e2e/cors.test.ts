import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OidcIssuer } from '../support/oidc-issuer';

describe('CORS for browser clients', () => {
  const fake = new FakeOpenAI('openai', 'k');
  let issuer: OidcIssuer;
  let gateway: RunningGateway;
  let closed: RunningGateway;

  before(async () => {
    await fake.start();
    issuer = await new OidcIssuer().start();
    gateway = await startGateway({
      server: { cors_origins: ['https://app.example.com'] },
      auth: { enabled: true, issuer: issuer.issuer, audience: issuer.audience },
      providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1` } },
    });
    closed = await startGateway({ providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1` } } });
  });
  after(async () => {
    await gateway.close();
    await closed.close();
    await issuer.stop();
    await fake.stop();
  });

  const preflight = (url: string, origin: string) =>
    fetch(`${url}/v1/responses`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-stainless-os' },
    });

  it('answers an allowed origin’s preflight without a token, reflecting the requested headers', async () => {
    const res = await preflight(gateway.url, 'https://app.example.com');
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /authorization/);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /x-stainless-os/);
  });

  it('does not allow other origins, and still requires a token for the real request', async () => {
    const res = await preflight(gateway.url, 'https://evil.example.com');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const denied = await fetch(`${gateway.url}/v1/models`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.match(denied.headers.get('access-control-expose-headers') ?? '', /x-request-id/);
  });

  it('is off unless origins are configured', async () => {
    const res = await fetch(`${closed.url}/v1/models`, { headers: { origin: 'https://app.example.com' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });
});
