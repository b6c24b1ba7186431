import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OidcIssuer } from '../support/oidc-issuer';

describe('the token subject owns the conversation', () => {
  const issuer = new OidcIssuer();
  const openai = new FakeOpenAI('openai', 'sk-test');
  let gateway: RunningGateway;
  let alice: string;
  let bob: string;

  before(async () => {
    await Promise.all([issuer.start(), openai.start()]);
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: 'sk-test', endpoint: `${openai.url}/v1` } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
      auth: { enabled: true, issuer: issuer.issuer, audience: issuer.audience },
    });
    alice = await issuer.token({ sub: 'alice' });
    bob = await issuer.token({ sub: 'bob' });
  });
  after(async () => {
    await gateway?.close();
    await Promise.all([issuer.stop(), openai.stop()]);
  });

  const request = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  it("keeps alice's response from bob", async () => {
    const created = await request(alice, 'POST', '/v1/responses', { model: 'gpt-4o-mini', input: 'remember 42' });
    assert.equal(created.status, 200);
    const { id } = await created.json();

    assert.equal((await request(alice, 'GET', `/v1/responses/${id}`)).status, 200);
    const stolen = await request(bob, 'GET', `/v1/responses/${id}`);
    assert.equal(stolen.status, 404);
    assert.equal((await stolen.json()).error.type, 'not_found');
    assert.equal((await request(bob, 'GET', `/v1/responses/${id}/input_items`)).status, 404);

    const continued = await request(bob, 'POST', '/v1/responses', { model: 'gpt-4o-mini', input: 'what number?', previous_response_id: id });
    assert.equal(continued.status, 404);
    assert.equal((await request(bob, 'DELETE', `/v1/responses/${id}`)).status, 404);

    assert.equal((await request(alice, 'GET', `/v1/responses/${id}`)).status, 200, 'bob could not delete it');
    const followUp = await request(alice, 'POST', '/v1/responses', { model: 'gpt-4o-mini', input: 'what number?', previous_response_id: id });
    assert.equal(followUp.status, 200);
  });
});
