import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OidcIssuer } from '../support/oidc-issuer';
import { assertValidError } from '../support/spec-assertions';

describe('OIDC bearer authentication', () => {
  const issuer = new OidcIssuer();
  const openai = new FakeOpenAI('openai', 'sk-test');
  let gateway: RunningGateway;

  before(async () => {
    await Promise.all([issuer.start(), openai.start()]);
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: 'sk-test', endpoint: `${openai.url}/v1` } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
      auth: { enabled: true, issuer: issuer.issuer, audience: issuer.audience, clock_skew: '30s' },
    });
  });
  after(async () => {
    await gateway?.close();
    await Promise.all([issuer.stop(), openai.stop()]);
  });

  const call = (token?: string, path = '/v1/models') =>
    fetch(`${gateway.url}${path}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  async function assertUnauthorized(res: Response, code = 'invalid_token'): Promise<string> {
    assert.equal(res.status, 401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    if (code === 'missing_token') assert.equal(challenge, 'Bearer realm="latticelm"', 'RFC 6750 §3.1: no error code without credentials');
    else assert.match(challenge, /^Bearer realm="latticelm", error="invalid_token"/);
    const body = await res.json();
    assertValidError(body);
    assert.equal(body.error.type, 'authentication_error');
    assert.equal(body.error.code, code);
    return body.error.message as string;
  }

  it('accepts a valid token', async () => {
    const res = await call(await issuer.token());
    assert.equal(res.status, 200);
  });

  it("takes the token as x-api-key too (Anthropic's clients); /v1/messages answers a 401 in Anthropic's shape", async () => {
    const res = await fetch(`${gateway.url}/v1/models`, { headers: { 'x-api-key': await issuer.token() } });
    assert.equal(res.status, 200);
    const message = { model: 'gpt-4o-mini', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] };
    const post = (headers: Record<string, string>) =>
      fetch(`${gateway.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(message) });
    const answered = await post({ 'x-api-key': await issuer.token() });
    assert.equal(answered.status, 200);
    assert.equal((await answered.json()).type, 'message');
    const refused = await post({ 'x-api-key': 'not-a-jwt' });
    assert.equal(refused.status, 401);
    assert.deepEqual(Object.keys(await refused.json()), ['type', 'error']);
  });

  it('answers 401 with WWW-Authenticate and an error body when the token is missing', async () => {
    await assertUnauthorized(await call(), 'missing_token');
    await assertUnauthorized(await fetch(`${gateway.url}/v1/models`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } }), 'missing_token');
  });

  it('refuses a token that is not a JWT', async () => {
    await assertUnauthorized(await call('not-a-jwt'));
    await assertUnauthorized(await call('a.b.c'));
  });

  it('refuses an expired token, but tolerates the configured clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    assert.match(await assertUnauthorized(await call(await issuer.token({ exp: now - 120 }))), /expired/);
    assert.equal((await call(await issuer.token({ exp: now - 5 }))).status, 200);
  });

  it('refuses a token that is not valid yet (nbf beyond the skew)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await assertUnauthorized(await call(await issuer.token({ nbf: now + 600 })));
  });

  it('refuses a token from another issuer', async () => {
    assert.match(await assertUnauthorized(await call(await issuer.token({ iss: 'https://evil.example.com' }))), /issuer/);
  });

  it('refuses a token for another audience', async () => {
    assert.match(await assertUnauthorized(await call(await issuer.token({ aud: 'someone-else' }))), /aud/);
  });

  it('accepts an audience array that contains ours', async () => {
    assert.equal((await call(await issuer.token({ aud: ['other', issuer.audience] }))).status, 200);
  });

  it('refuses a bad signature (a key the issuer does not publish, under a published kid)', async () => {
    assert.match(await assertUnauthorized(await call(await issuer.token({}, { foreignKey: true }))), /signature/);
  });

  it('refuses alg "none"', async () => {
    assert.match(await assertUnauthorized(await call(issuer.unsignedToken())), /algorithm 'none'/);
  });

  it('refuses HS256 signed with the issuer public key (key confusion)', async () => {
    assert.match(await assertUnauthorized(await call(await issuer.hs256WithPublicKey())), /algorithm 'HS256'/);
  });

  it('refuses tokens without subject or expiry', async () => {
    assert.match(await assertUnauthorized(await call(await issuer.token({ sub: undefined }))), /sub/);
    assert.match(await assertUnauthorized(await call(await issuer.token({ exp: undefined }))), /exp/);
  });

  it('refetches the JWKS for an unknown kid and accepts it once the issuer publishes the key', async () => {
    const kid = await issuer.prepareKey('ES256');
    const token = await issuer.token({}, { kid });
    const before = issuer.jwksHits;
    assert.match(await assertUnauthorized(await call(token)), /key/);
    assert.equal(issuer.jwksHits, before + 1);
    issuer.publish(kid);
    assert.equal((await call(token)).status, 200);
    assert.equal(issuer.jwksHits, before + 2);
    // cached from now on
    assert.equal((await call(await issuer.token({}, { kid }))).status, 200);
    assert.equal(issuer.jwksHits, before + 2);
  });

  it('follows a key rotation (PS256)', async () => {
    const kid = await issuer.rotate('PS256');
    assert.equal((await call(await issuer.token({}, { kid }))).status, 200);
  });

  it('leaves the public probes and the metrics path open', async () => {
    for (const path of ['/health', '/ready', '/metrics']) {
      const res = await call(undefined, path);
      assert.notEqual(res.status, 401, path);
      await res.arrayBuffer();
    }
  });

  it('protects POST /v1/responses and lets the principal through', async () => {
    const body = JSON.stringify({ model: 'gpt-4o-mini', input: 'hi' });
    const denied = await fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await assertUnauthorized(denied, 'missing_token');
    const res = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await issuer.token()}` },
      body,
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).status, 'completed');
  });
});
