import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import OpenAI from 'openai';
import { ApiKeyGate } from '@latticelm/auth';
import { documentOptions, gatewayOpenApiDocument } from '../../apps/gateway/src/api-docs';
import { FakeOpenAI } from '../fakes/fake-openai';
import { parsePrometheusText } from '../observability/prometheus-text';
import { RunningGateway, postResponse, startGateway } from '../support/gateway-harness';
import { ResponsesSocket } from '../support/responses-socket';
import { assertValidError } from '../support/spec-assertions';
import { manualClock } from '../traffic/traffic-support';

const ADMIN = 'admin-key-for-the-budget-tests-0123';
const fake = new FakeOpenAI('openai', 'k');
const START = Date.parse('2026-03-15T12:00:00Z');
/** gpt-4o-mini at $0.15 / $0.60 per million tokens; the fake reports 12 input and 7 output tokens for each answer */
const PER_REQUEST = (12 * 0.15 + 7 * 0.6) / 1e6;
const usd = (requests: number) => Math.round(requests * PER_REQUEST * 1e9) / 1e9;
const SECONDS_TO_APRIL = (Date.parse('2026-04-01T00:00:00Z') - START) / 1000;

const secret = (name: string) => `lm-${name}-${'s'.repeat(40 - name.length)}`;
const KEYS = {
  hard: secret('hard'),
  soft: secret('soft'),
  sharedA: secret('shared-a'),
  sharedB: secret('shared-b'),
  other: secret('other'),
  daily: secret('daily'),
  unpriced: secret('unpriced'),
  socket: secret('socket'),
};

describe('budgets per key and per owner, through the openai SDK', () => {
  let gateway: RunningGateway;
  let clock: ReturnType<typeof manualClock>;
  const sdk = (key: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
  const settled = () => gateway.app.get(ApiKeyGate).settled();
  const admin = async (method: string, path: string, body?: unknown) =>
    fetch(`${gateway.url}/admin/api${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const scrape = async () => parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());
  /** one answered request, its spend recorded */
  const ask = async (key: string, model = 'gpt-4o-mini') => {
    const response = await sdk(key).responses.create({ model, input: 'hi' });
    await settled();
    return response;
  };

  before(async () => {
    await fake.start();
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1` } },
      models: [
        { name: 'gpt-4o-mini', provider: 'openai' },
        // no price in the table: its cost is unknown
        { name: 'house-model', provider: 'openai' },
      ],
      observability: { enabled: true, metrics: { enabled: true } },
      auth: {
        api_keys: {
          enabled: true,
          admin_keys: [ADMIN],
          keys: [
            { name: 'hard', key: KEYS.hard, owner: 'team-hard', budget: { usd: usd(2.5), period: 'month' } },
            { name: 'soft', key: KEYS.soft, owner: 'team-soft', budget: { usd: usd(1), period: 'month', mode: 'soft' } },
            { name: 'shared-a', key: KEYS.sharedA, owner: 'team-shared' },
            { name: 'shared-b', key: KEYS.sharedB, owner: 'team-shared' },
            { name: 'other', key: KEYS.other, owner: 'team-other' },
            { name: 'daily', key: KEYS.daily, owner: 'team-daily', budget: { usd: usd(1), period: 'day' } },
            { name: 'unpriced', key: KEYS.unpriced, owner: 'team-unpriced', budget: { usd: usd(1), period: 'total' } },
            { name: 'socket', key: KEYS.socket, owner: 'team-socket', budget: { usd: usd(1), period: 'total' } },
          ],
          owner_budgets: [{ owner: 'team-shared', usd: usd(2), period: 'month' }],
        },
      },
    });
    clock = manualClock(gateway, START);
  });
  after(async () => {
    await gateway?.close();
    await fake.stop();
  });

  it("serves a hard budget's crossing request, then refuses with 429 insufficient_quota until the month ends", async () => {
    const upstreamBefore = fake.requests.length;
    const first = await ask(KEYS.hard);
    // a streamed answer is costed and counted the same
    const stream = await sdk(KEYS.hard).responses.create({ model: 'gpt-4o-mini', input: 'hi', stream: true });
    for await (const event of stream) void event;
    await settled();
    await ask(KEYS.hard); // 2 × $0.000006 spent < $0.000015: served, and the spend crosses the budget
    const refused = await sdk(KEYS.hard)
      .responses.create({ model: 'gpt-4o-mini', input: 'hi' })
      .then(() => assert.fail('served over a hard budget'), (error: unknown) => error);
    assert.ok(refused instanceof OpenAI.RateLimitError, String(refused));
    assert.equal(refused.code, 'insufficient_quota');
    assert.equal(refused.type, 'insufficient_quota');
    assert.match(refused.message, /API key 'hard' has reached its month budget of \$0\.000015 \(hard\): \$0\.000018 spent since 2026-03-01T00:00:00Z\. It resets at 2026-04-01T00:00:00Z\./);

    const raw = await postResponse(gateway, { model: 'gpt-4o-mini' }, { authorization: `Bearer ${KEYS.hard}` });
    assert.equal(raw.status, 429);
    assertValidError(await raw.json());
    assert.equal(raw.headers.get('retry-after'), String(SECONDS_TO_APRIL));
    assert.equal(raw.headers.get('ratelimit-reset'), String(SECONDS_TO_APRIL));
    assert.equal(raw.headers.get('ratelimit-limit'), '0.000015');
    assert.equal(raw.headers.get('ratelimit-remaining'), '0');
    assert.equal(raw.headers.get('x-latticelm-ratelimit-exceeded'), 'key_budget');
    assert.equal(fake.requests.length - upstreamBefore, 3, 'the refused requests never reached the vendor');

    const stored = await fetch(`${gateway.url}/v1/responses/${first.id}`, { headers: { authorization: `Bearer ${KEYS.hard}` } });
    assert.equal(stored.status, 200, 'its stored responses stay readable');
    const models = await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${KEYS.hard}` } });
    assert.equal(models.status, 200, 'a spent budget refuses what could be billed, not the model list');

    const view = await (await admin('GET', '/keys/cfg_hard')).json();
    assert.equal(view.spend_usd, usd(3));
    assert.equal(view.budget_remaining_usd, 0);
    assert.equal(view.budget_period_start, Date.parse('2026-03-01T00:00:00Z') / 1000);
    assert.equal(view.budget_period_end, Date.parse('2026-04-01T00:00:00Z') / 1000);
    const listed = await (await admin('GET', '/keys')).json();
    assert.equal(listed.data.find((key: { id: string }) => key.id === 'cfg_hard').spend_usd, usd(3), 'the list carries spend too');
  });

  it('serves requests over a soft budget and flags them in /metrics', async () => {
    const flagged = () => scrape().then((metrics) => metrics.sum('latticelm_budget_exceeded_total', { scope: 'key', mode: 'soft' }));
    const before = await flagged();
    await ask(KEYS.soft);
    await ask(KEYS.soft); // at the budget: served, flagged
    await ask(KEYS.soft);
    assert.equal((await flagged()) - before, 2);
    const view = await (await admin('GET', '/keys/cfg_soft')).json();
    assert.equal(view.spend_usd, usd(3));
    assert.equal(view.budget_remaining_usd, 0);
  });

  it("holds two keys of one owner to the owner's budget, and not another owner's keys", async () => {
    await ask(KEYS.sharedA);
    await ask(KEYS.sharedB);
    for (const key of [KEYS.sharedA, KEYS.sharedB]) {
      const refused = await postResponse(gateway, { model: 'gpt-4o-mini' }, { authorization: `Bearer ${key}` });
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('x-latticelm-ratelimit-exceeded'), 'owner_budget');
      assert.match((await refused.json()).error.message, /^owner 'team-shared' has reached its month budget of \$0\.000012 \(hard\): \$0\.000012 spent/);
    }
    await ask(KEYS.other);
    const owners = await (await admin('GET', '/owners')).json();
    const shared = owners.data.find((owner: { owner: string }) => owner.owner === 'team-shared');
    assert.deepEqual(
      { keys: shared.keys, budget: shared.budget, source: shared.budget_source, spend: shared.spend_usd, remaining: shared.budget_remaining_usd },
      { keys: 2, budget: { usd: usd(2), period: 'month', mode: 'hard' }, source: 'config', spend: usd(2), remaining: 0 },
    );
    const other = owners.data.find((owner: { owner: string }) => owner.owner === 'team-other');
    assert.deepEqual({ budget: other.budget, spend: other.spend_usd }, { budget: null, spend: usd(1) });
  });

  it('sets, shows and removes an owner budget through the admin API', async () => {
    const created = await (await admin('POST', '/keys', { name: 'api-owned', owner: 'team api' })).json();
    const put = await admin('PUT', '/owners/team%20api/budget', { usd: usd(1), period: 'day' });
    assert.equal(put.status, 200);
    const view = await put.json();
    assert.deepEqual(
      { object: view.object, owner: view.owner, budget: view.budget, source: view.source, spend: view.spend_usd, start: view.budget_period_start },
      { object: 'owner_budget', owner: 'team api', budget: { usd: usd(1), period: 'day', mode: 'hard' }, source: 'api', spend: 0, start: Date.parse('2026-03-15T00:00:00Z') / 1000 },
    );
    await ask(created.key);
    const refused = await postResponse(gateway, { model: 'gpt-4o-mini' }, { authorization: `Bearer ${created.key}` });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), String(12 * 3600), 'to the end of the UTC day');
    assert.equal((await (await admin('GET', '/owners/team%20api/budget')).json()).spend_usd, usd(1));
    const deleted = await admin('DELETE', '/owners/team%20api/budget');
    assert.equal((await deleted.json()).deleted, true);
    await ask(created.key);
    assert.equal((await admin('GET', '/owners/team%20api/budget')).status, 404);
    assert.equal((await admin('DELETE', '/owners/team%20api/budget')).status, 404);
  });

  it("refuses to change the config's owner budgets and a bad budget body with the field named", async () => {
    const declared = await admin('PUT', '/owners/team-shared/budget', { usd: 1000, period: 'month' });
    assert.equal(declared.status, 409);
    assert.equal((await declared.json()).error.code, 'owner_budget_declared_in_config');
    assert.equal((await admin('DELETE', '/owners/team-shared/budget')).status, 409);
    for (const [body, param] of [
      [{ usd: 1, period: 'week' }, 'period'],
      [{ usd: -1, period: 'day' }, 'usd'],
      [{ usd: 1, period: 'day', mode: 'strict' }, 'mode'],
      [{ usd: 1, period: 'day', limit: 3 }, 'limit'],
      [[1], 'body'],
    ] as const) {
      const res = await admin('PUT', '/owners/someone/budget', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      const error = await res.json();
      assertValidError(error);
      assert.equal(error.error.param, param);
    }
    const unauthenticated = await fetch(`${gateway.url}/admin/api/owners/someone/budget`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"usd":1,"period":"day"}' });
    assert.equal(unauthenticated.status, 401);
    const withKey = await fetch(`${gateway.url}/admin/api/owners`, { headers: { authorization: `Bearer ${KEYS.other}` } });
    assert.equal(withKey.status, 403, 'an API key does not open the admin API');
  });

  it("counts a request of unknown cost nowhere but in a metric, and says so", async () => {
    const unpriced = () => scrape().then((metrics) => metrics.sum('latticelm_budget_unpriced_requests_total', { budgeted: 'true' }));
    const before = await unpriced();
    await ask(KEYS.unpriced, 'house-model');
    await ask(KEYS.unpriced, 'house-model');
    assert.equal((await unpriced()) - before, 2);
    assert.equal((await (await admin('GET', '/keys/cfg_unpriced')).json()).spend_usd, 0);
  });

  it('applies a budget per WebSocket turn, recording each turn it served', async () => {
    const socket = await ResponsesSocket.open(gateway.url, { authorization: `Bearer ${KEYS.socket}` });
    try {
      socket.create({ model: 'gpt-4o-mini', input: 'hi' });
      assert.equal((await socket.turn()).at(-1)?.type, 'response.completed');
      await settled();
      socket.create({ model: 'gpt-4o-mini', input: 'hi' });
      const [refused] = (await socket.turn()) as unknown as { type: string; status: number; error: { code: string; message: string } }[];
      assert.deepEqual([refused.type, refused.status, refused.error.code], ['error', 429, 'insufficient_quota']);
      assert.match(refused.error.message, /API key 'socket' has reached its total budget of \$0\.000006 \(hard\)/);
    } finally {
      socket.ws.terminate();
    }
    assert.equal((await (await admin('GET', '/keys/cfg_socket')).json()).spend_usd, usd(1));
  });

  it('labels cost and token metrics with the key id', async () => {
    const metrics = await scrape();
    assert.equal(metrics.sum('latticelm_cost_usd_total', { provider: 'openai', model: 'gpt-4o-mini', key: 'cfg_other' }), usd(1));
    assert.equal(metrics.sum('latticelm_input_tokens_total', { provider: 'openai', model: 'gpt-4o-mini', key: 'cfg_other' }), 12);
    assert.equal(metrics.sum('latticelm_output_tokens_total', { provider: 'openai', model: 'gpt-4o-mini', key: 'cfg_socket' }), 7, 'WebSocket turns too');
    assert.equal(metrics.sum('latticelm_unpriced_requests_total', { key: 'cfg_unpriced', reason: 'no_price' }), 2);
  });

  it('answers the admin API as the OpenAPI document describes it', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...gatewayOpenApiDocument(documentOptions(gateway.config, 'gpt-4o-mini')), $id: 'gateway' });
    const check = async (name: string, res: Response | Promise<Response>) => {
      const value: unknown = await (await res).json();
      const validate = ajv.getSchema(`gateway#/components/schemas/${name}`);
      assert.ok(validate?.(value), `${name}: ${JSON.stringify(validate?.errors)}\n${JSON.stringify(value)}`);
    };
    await check('ApiKeyWithSecret', admin('POST', '/keys', { name: 'documented', budget: { usd: 1, period: 'day' } }));
    await check('ApiKeyList', admin('GET', '/keys'));
    await check('ApiKey', admin('GET', '/keys/cfg_hard'));
    await check('ApiKey', admin('GET', '/keys/cfg_other'));
    await check('OwnerList', admin('GET', '/owners'));
    await check('OwnerBudget', admin('PUT', '/owners/documented/budget', { usd: 2, period: 'total', mode: 'soft' }));
    await check('OwnerBudget', admin('GET', '/owners/team-shared/budget'));
    await check('OwnerBudget', admin('DELETE', '/owners/documented/budget'));
    await check('GatewayErrorBody', postResponse(gateway, { model: 'gpt-4o-mini' }, { authorization: `Bearer ${KEYS.hard}` }));
  });

  it('starts a day budget over at UTC midnight', async () => {
    await ask(KEYS.daily);
    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, { authorization: `Bearer ${KEYS.daily}` })).status, 429);
    clock.advance(12 * 3_600_000 - 1);
    assert.equal((await postResponse(gateway, { model: 'gpt-4o-mini' }, { authorization: `Bearer ${KEYS.daily}` })).status, 429, 'still the 15th');
    clock.advance(1);
    await ask(KEYS.daily);
    const view = await (await admin('GET', '/keys/cfg_daily')).json();
    assert.deepEqual(view.spend, { day_usd: usd(1), month_usd: usd(2), total_usd: usd(2) });
    assert.equal(view.budget_period_start, Date.parse('2026-03-16T00:00:00Z') / 1000);
  });
});

describe('budgets and the response cache', () => {
  let gateway: RunningGateway;
  before(async () => {
    await fake.start();
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1` } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
      response_cache: { enabled: true },
      auth: { api_keys: { enabled: true, admin_keys: [ADMIN], keys: [{ name: 'cached', key: KEYS.hard, budget: { usd: usd(1.5), period: 'total' } }] } },
    });
  });
  after(async () => {
    await gateway?.close();
    await fake.stop();
  });

  it('adds nothing for an answer from the cache, which costs nothing', async () => {
    const sdk = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: KEYS.hard, maxRetries: 0 });
    const upstreamBefore = fake.requests.length;
    for (let i = 0; i < 3; i++) {
      await sdk.responses.create({ model: 'gpt-4o-mini', input: 'the same question' });
      await gateway.app.get(ApiKeyGate).settled();
    }
    assert.equal(fake.requests.length - upstreamBefore, 1, 'two hits');
    const view = await (await fetch(`${gateway.url}/admin/api/keys/cfg_cached`, { headers: { authorization: `Bearer ${ADMIN}` } })).json();
    assert.equal(view.spend_usd, usd(1));
  });
});
