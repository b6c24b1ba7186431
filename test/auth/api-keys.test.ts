import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, postResponse, startGateway } from '../support/gateway-harness';
import { assertValidError } from '../support/spec-assertions';
import { ResponsesSocket } from '../support/responses-socket';
import { manualClock } from '../traffic/traffic-support';

const ADMIN = 'admin-key-for-the-tests-0123456789';
const DECLARED = `lm-declared-${'x'.repeat(30)}`;
const fake = new FakeOpenAI('openai', 'k');

function start(apiKeys: Record<string, unknown> = {}) {
  return startGateway({
    providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1` } },
    models: [
      { name: 'gpt-4o-mini', provider: 'openai' },
      { name: 'claude-sonnet-4-6', provider: 'openai' },
    ],
    auth: { api_keys: { enabled: true, admin_keys: [ADMIN], rotation_grace: '1h', ...apiKeys } },
  });
}

function admin(gateway: RunningGateway, method: string, path: string, body?: unknown, credential = ADMIN) {
  return fetch(`${gateway.url}/admin/api/keys${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

async function createKey(gateway: RunningGateway, body: Record<string, unknown>): Promise<{ id: string; key: string; owner: string }> {
  const res = await admin(gateway, 'POST', '', body);
  assert.equal(res.status, 201);
  return res.json();
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('API keys through the admin API', () => {
  let gateway: RunningGateway;
  let clock: ReturnType<typeof manualClock>;
  before(async () => {
    await fake.start();
    gateway = await start({ keys: [{ name: 'gitops', key: DECLARED, owner: 'platform', models: ['gpt-*'] }] });
    clock = manualClock(gateway);
  });
  after(async () => {
    await gateway?.close();
    await fake.stop();
  });

  it('is never open: no credential, a gateway key or a wrong key get 401/403; the admin key opens it', async () => {
    const anonymous = await fetch(`${gateway.url}/admin/api/keys`);
    assert.equal(anonymous.status, 401);
    assertValidError(await anonymous.json());
    assert.equal((await admin(gateway, 'GET', '', undefined, 'lm-not-a-key-at-all-000000000000000')).status, 401);
    assert.equal((await admin(gateway, 'GET', '', undefined, DECLARED)).status, 403, 'an API key is not an admin key');
    assert.equal((await admin(gateway, 'GET', '')).status, 200);
    assert.equal((await fetch(`${gateway.url}/admin/api/config`)).status, 404, 'admin.enabled is off here: its routes do not exist');
    const adminOnV1 = await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(ADMIN));
    assert.equal(adminOnV1.status, 403, 'an admin key opens the admin API only');
  });

  it('creates a key shown once, authenticates with Bearer, x-api-key and the openai SDK, and lists it without its secret', async () => {
    const created = await createKey(gateway, { name: 'ci', models: ['gpt-4o-*'], limits: { requests_per_minute: 100 }, metadata: { team: 'a' } });
    assert.match(created.key, /^lm-[A-Za-z0-9_-]{43}$/);
    assert.equal(created.owner, 'admin-key', 'the creating subject owns it when no owner is given');

    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(created.key))).status, 200);
    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, { 'x-api-key': created.key })).status, 200);
    const sdk = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: created.key, maxRetries: 0 });
    assert.equal((await sdk.responses.create({ model: 'gpt-4o-mini', input: 'hi' })).status, 'completed');

    const missing = await postResponse(gateway, { model: 'gpt-4o-mini' });
    assert.equal(missing.status, 401);
    assert.equal((await missing.json()).error.code, 'missing_token');
    const wrong = await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(`${created.key.slice(0, -2)}zz`));
    assert.equal(wrong.status, 401);
    assert.equal((await wrong.json()).error.code, 'invalid_api_key');

    const listText = await (await admin(gateway, 'GET', '')).text();
    assert.ok(!listText.includes(created.key) && !listText.includes(DECLARED), 'no secret in the list');
    const listed = JSON.parse(listText) as { data: Record<string, unknown>[] };
    const entry = listed.data.find((key) => key.id === created.id);
    assert.equal(entry?.key, undefined);
    assert.equal(entry?.key_hint, `lm-…${created.key.slice(-4)}`);
    assert.deepEqual(entry?.limits, { requests_per_minute: 100, tokens_per_minute: null });
    assert.equal(listed.data.find((key) => key.source === 'config')?.name, 'gitops');

    await gatewaySettled(gateway);
    const one = await (await admin(gateway, 'GET', `/${created.id}`)).json();
    // three gpt-4o-mini answers of 12 input and 7 output tokens: 3 × (12 × $0.15 + 7 × $0.60) / 1M
    assert.equal(one.spend_usd, 0.000018);
    assert.deepEqual(one.spend, { day_usd: 0.000018, month_usd: 0.000018, total_usd: 0.000018 });
    assert.equal(one.budget_remaining_usd, undefined, 'no budget, nothing remaining');
    assert.equal(one.status, 'active');
    assert.deepEqual(one.metadata, { team: 'a' });
  });

  it('rotates under the same id: the old secret works within the grace period, then not', async () => {
    const created = await createKey(gateway, { name: 'rotating' });
    const rotated = await (await admin(gateway, 'POST', `/${created.id}/rotate`)).json();
    assert.equal(rotated.id, created.id);
    assert.notEqual(rotated.key, created.key);
    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(created.key))).status, 200, 'old secret within the grace');
    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(rotated.key))).status, 200);
    clock.advance(3_600_000);
    const late = await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(created.key));
    assert.equal(late.status, 401);
    assert.match((await late.json()).error.message, /rotated/);
    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(rotated.key))).status, 200);
  });

  it('revokes at once on this replica, though the key was cached a moment ago', async () => {
    const created = await createKey(gateway, { name: 'short-lived' });
    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(created.key))).status, 200);
    const revoked = await admin(gateway, 'DELETE', `/${created.id}`);
    assert.equal(revoked.status, 200);
    assert.equal((await revoked.json()).status, 'revoked');
    const refused = await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(created.key));
    assert.equal(refused.status, 401);
    assert.match((await refused.json()).error.message, /revoked/);
    assert.equal((await admin(gateway, 'POST', `/${created.id}/rotate`)).status, 409);
    assert.equal((await admin(gateway, 'GET', '/key_unknown')).status, 404);
  });

  it("enforces a key's allowed models with a 403 naming the model", async () => {
    const created = await createKey(gateway, { name: 'scoped', models: ['gpt-4o-mini'] });
    const refused = await postResponse(gateway, { model: 'claude-sonnet-4-6' }, bearer(created.key));
    assert.equal(refused.status, 403);
    const body = await refused.json();
    assertValidError(body);
    assert.equal(body.error.code, 'model_not_allowed');
    assert.equal(body.error.param, 'model');
    assert.match(body.error.message, /'claude-sonnet-4-6'/);
  });

  it("makes the key's owner the owner of its conversations", async () => {
    const teamA = await createKey(gateway, { name: 'a1', owner: 'team-a' });
    const teamA2 = await createKey(gateway, { name: 'a2', owner: 'team-a' });
    const teamB = await createKey(gateway, { name: 'b', owner: 'team-b' });
    const created = await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(teamA.key));
    const { id } = await created.json();
    const read = (key: string) => fetch(`${gateway.url}/v1/responses/${id}`, { headers: bearer(key) });
    assert.equal((await read(teamA2.key)).status, 200, 'another key of the same owner');
    assert.equal((await read(teamB.key)).status, 404);
  });

  it('authenticates a key declared in the config, which the API cannot rotate or revoke', async () => {
    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(DECLARED))).status, 200);
    assert.equal((await postResponse(gateway, { model: 'o3' }, bearer(DECLARED))).status, 403);
    const refused = await admin(gateway, 'DELETE', '/cfg_gitops');
    assert.equal(refused.status, 409);
    assert.equal((await refused.json()).error.code, 'api_key_declared_in_config');
  });

  it("authenticates a WebSocket upgrade with a key and applies the key's model list per turn", async () => {
    assert.equal((await ResponsesSocket.refusal(gateway.url)).status, 401, 'no key, OIDC off: refused');
    const socket = await ResponsesSocket.open(gateway.url, bearer(DECLARED));
    try {
      socket.create({ model: 'claude-sonnet-4-6', input: 'hi' });
      const [refused] = await socket.turn();
      assert.equal(refused.type, 'error');
      const event = refused as unknown as { status: number; error: { code: string; param: string; message: string } };
      assert.equal(event.status, 403);
      assert.equal(event.error.code, 'model_not_allowed');
      assert.equal(event.error.param, 'model');
      assert.match(event.error.message, /'claude-sonnet-4-6'/);
      socket.create({ model: 'gpt-4o-mini', input: 'hi' });
      const allowed = await socket.turn();
      assert.equal(allowed.at(-1)?.type, 'response.completed', 'the connection carries on after a refused turn');
    } finally {
      socket.ws.terminate();
    }
  });

  it("lists only the models a key may use on GET /v1/models", async () => {
    const scoped = await createKey(gateway, { name: 'lister', models: ['gpt-4o-*'] });
    const sdk = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: scoped.key, maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of sdk.models.list()) ids.push(model.id);
    assert.deepEqual(ids, ['gpt-4o-mini']);
    const open = await createKey(gateway, { name: 'open-lister' });
    const all = await (await fetch(`${gateway.url}/v1/models`, { headers: bearer(open.key) })).json();
    assert.ok(all.data.some((model: { id: string }) => model.id === 'claude-sonnet-4-6'), 'a key without a list sees every model');
    const declared = await (await fetch(`${gateway.url}/v1/models`, { headers: bearer(DECLARED) })).json();
    assert.deepEqual(declared.data.map((model: { id: string }) => model.id), ['gpt-4o-mini'], "the declared key's gpt-* pattern");
  });

  it('refuses a bad create body with a 400 naming the field', async () => {
    for (const [body, param] of [
      [{}, 'name'],
      [{ name: 'x', limits: { requests_per_minute: 0 } }, 'limits.requests_per_minute'],
      [{ name: 'x', budget: { usd: 5, period: 'week' } }, 'budget.period'],
      [{ name: 'x', expires_at: '2001-01-01T00:00:00Z' }, 'expires_at'],
      [{ name: 'x', scopes: [] }, 'scopes'],
    ] as const) {
      const res = await admin(gateway, 'POST', '', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal((await res.json()).error.param, param);
    }
  });
});

describe('per-key limits (in-process)', () => {
  let gateway: RunningGateway;
  let clock: ReturnType<typeof manualClock>;
  before(async () => {
    await fake.start();
    gateway = await start();
    clock = manualClock(gateway);
  });
  after(async () => {
    await gateway?.close();
    await fake.stop();
  });

  it('allows requests_per_minute, then answers 429 with Retry-After and RateLimit headers naming the limit', async () => {
    const { key } = await createKey(gateway, { name: 'rpm', limits: { requests_per_minute: 3 } });
    const first = await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(key));
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('ratelimit-limit'), '3');
    assert.equal(first.headers.get('ratelimit-remaining'), '2');
    assert.equal(first.headers.get('x-ratelimit-remaining-requests'), '2');
    for (let i = 0; i < 2; i++) assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(key))).status, 200);
    const refused = await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(key));
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '20', 'one request every 20 s');
    assert.equal(refused.headers.get('ratelimit-remaining'), '0');
    assert.equal(refused.headers.get('ratelimit-reset'), '60');
    assert.equal(refused.headers.get('x-latticelm-ratelimit-exceeded'), 'requests_per_minute');
    const body = await refused.json();
    assertValidError(body);
    assert.match(body.error.message, /requests_per_minute limit \(3\)/);
    clock.advance(20_000);
    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, bearer(key))).status, 200);
  });

  it('reserves max_output_tokens against tokens_per_minute and settles on the reported usage', async () => {
    const { key } = await createKey(gateway, { name: 'tpm', limits: { tokens_per_minute: 100 } });
    const first = await postResponse(gateway, { model: 'gpt-4o-mini', max_output_tokens: 90 }, bearer(key));
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-ratelimit-remaining-tokens'), '10', '90 reserved');
    await first.arrayBuffer();
    await gatewaySettled(gateway);
    // the fake reports 12 input + 7 output tokens: 19 used, 71 given back → 81 left
    const second = await postResponse(gateway, { model: 'gpt-4o-mini', max_output_tokens: 90 }, bearer(key));
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('x-latticelm-ratelimit-exceeded'), 'tokens_per_minute');
    assert.equal(second.headers.get('x-ratelimit-remaining-tokens'), '81');
    assert.equal(second.headers.get('retry-after'), '6', '9 tokens short at 100 a minute: 5.4 s, rounded up');
    const small = await postResponse(gateway, { model: 'gpt-4o-mini', max_output_tokens: 80 }, bearer(key));
    assert.equal(small.status, 200);
  });

  it('takes a WebSocket turn from the same buckets as a request, and refuses a turn over the limit with an error event', async () => {
    const { key } = await createKey(gateway, { name: 'ws-limits', limits: { requests_per_minute: 2, tokens_per_minute: 100 } });
    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini', max_output_tokens: 50 }, bearer(key))).status, 200);
    const socket = await ResponsesSocket.open(gateway.url, bearer(key));
    try {
      socket.create({ model: 'gpt-4o-mini', input: 'hi', max_output_tokens: 50 });
      assert.equal((await socket.turn()).at(-1)?.type, 'response.completed');
      socket.create({ model: 'gpt-4o-mini', input: 'hi' });
      const [refused] = (await socket.turn()) as unknown as { type: string; status: number; error: { code: string; message: string } }[];
      assert.equal(refused.type, 'error');
      assert.equal(refused.status, 429);
      assert.equal(refused.error.code, 'rate_limit_exceeded');
      assert.match(refused.error.message, /requests_per_minute limit \(2\)/);
      await gatewaySettled(gateway);
      // both calls settled on their 19 tokens (62 left); 30 s refill 50 (capped at 100) and 10 are reserved: 90.
      // Had the turn not settled its 50 reserved tokens, 40 would be left.
      clock.advance(30_000);
      const after = await postResponse(gateway, { model: 'gpt-4o-mini', max_output_tokens: 10 }, bearer(key));
      assert.equal(after.status, 200);
      assert.equal(after.headers.get('x-ratelimit-remaining-tokens'), '90');
    } finally {
      socket.ws.terminate();
    }
  });
});

async function gatewaySettled(gateway: RunningGateway): Promise<void> {
  const { ApiKeyGate } = await import('@latticelm/auth');
  await gateway.app.get(ApiKeyGate).settled();
}
