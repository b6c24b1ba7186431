import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Redis from 'ioredis';
import OpenAI from 'openai';
import { ApiKeyGate } from '@latticelm/auth';
import { FakeOpenAI } from '../fakes/fake-openai';
import { runName, serviceSkipReason } from '../conversations/service-availability';
import { RunningGateway, postResponse, startGateway } from '../support/gateway-harness';
import { manualClock } from '../traffic/traffic-support';

const fake = new FakeOpenAI('openai', 'k');
const RPM_KEY = `lm-rpm-${'r'.repeat(30)}`;
const TPM_KEY = `lm-tpm-${'t'.repeat(30)}`;
const START = 1_700_000_000_000;
const ADMIN = 'admin-key-for-the-redis-tests-0123';
const BUDGET_KEY = `lm-budget-${'b'.repeat(30)}`;
const LOAD_KEY = `lm-load-${'l'.repeat(30)}`;
const TEAM_KEYS = [`lm-team-a-${'a'.repeat(30)}`, `lm-team-b-${'c'.repeat(30)}`];
/** gpt-4o-mini at $0.15 / $0.60 per million tokens, 12 input and 7 output tokens an answer: $0.000006 */
const PER_REQUEST = 0.000006;
const usd = (requests: number) => Math.round(requests * PER_REQUEST * 1e9) / 1e9;

describe('per-key limits and budgets shared by two gateways through one Redis', async () => {
  const skip = await serviceSkipReason('Redis', '127.0.0.1', 6379);
  const prefix = `${runName('keylimits')}:`;
  const gateways: RunningGateway[] = [];

  before(async () => {
    if (skip) return;
    await fake.start();
    for (let i = 0; i < 2; i++) {
      const gateway = await startGateway({
        providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1` } },
        models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
        // per-client limits stay off: only the store is named, and key limits follow it
        rate_limit: { store: 'redis', redis_url: 'redis://127.0.0.1:6379', key_prefix: prefix },
        auth: {
          api_keys: {
            enabled: true,
            admin_keys: [ADMIN],
            keys: [
              { name: 'rpm', key: RPM_KEY, limits: { requests_per_minute: 20 } },
              { name: 'tpm', key: TPM_KEY, limits: { tokens_per_minute: 100 } },
              { name: 'budget', key: BUDGET_KEY, budget: { usd: usd(20), period: 'month' } },
              { name: 'load', key: LOAD_KEY, budget: { usd: 1, period: 'day' } },
              { name: 'team-a', key: TEAM_KEYS[0], owner: 'team' },
              { name: 'team-b', key: TEAM_KEYS[1], owner: 'team' },
            ],
            owner_budgets: [{ owner: 'team', usd: usd(3), period: 'total' }],
          },
        },
      });
      // both replicas' clocks frozen at the same instant: the count is exact however long the test takes
      manualClock(gateway, START);
      gateways.push(gateway);
    }
  });
  after(async () => {
    if (skip) return;
    await Promise.all(gateways.map((gateway) => gateway.close()));
    const redis = new Redis('redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    await fake.stop();
  });

  it('serves exactly requests_per_minute of 60 concurrent requests spread over both', { skip }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const res = await postResponse(gateways[i % 2], { model: 'gpt-4o-mini' }, { authorization: `Bearer ${RPM_KEY}` });
        await res.arrayBuffer();
        return { status: res.status, gateway: i % 2, limit: res.headers.get('x-latticelm-ratelimit-exceeded') };
      }),
    );
    assert.equal(answers.filter((answer) => answer.status === 200).length, 20);
    const refused = answers.filter((answer) => answer.status === 429);
    assert.equal(refused.length, 40);
    assert.ok(refused.every((answer) => answer.limit === 'requests_per_minute'));
    assert.ok(new Set(answers.filter((answer) => answer.status === 200).map((answer) => answer.gateway)).size === 2, 'both served some');
  });

  it('reserves tokens on one gateway and settles them where the other sees it', { skip }, async () => {
    const post = (gateway: RunningGateway, maxOutputTokens: number) =>
      postResponse(gateway, { model: 'gpt-4o-mini', max_output_tokens: maxOutputTokens }, { 'x-api-key': TPM_KEY });
    const first = await post(gateways[0], 90);
    assert.equal(first.status, 200);
    await first.arrayBuffer();
    await gateways[0].app.get(ApiKeyGate).settled();
    // 19 tokens used of the 90 reserved: 81 left, seen from the other replica
    const second = await post(gateways[1], 90);
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('x-ratelimit-remaining-tokens'), '81');
    assert.equal((await post(gateways[1], 81)).status, 200);
  });

  const post = (gateway: RunningGateway, key: string) => postResponse(gateway, { model: 'gpt-4o-mini' }, { authorization: `Bearer ${key}` });
  /** one request through the openai SDK: its HTTP status */
  const ask = (gateway: RunningGateway, key: string) =>
    new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 }).responses.create({ model: 'gpt-4o-mini', input: 'hi' }).then(
      () => 200,
      (error: unknown) => (error instanceof OpenAI.APIError && error.status !== undefined ? error.status : Promise.reject(error)),
    );
  const settled = () => Promise.all(gateways.map((gateway) => gateway.app.get(ApiKeyGate).settled()));
  const spendOf = async (gateway: RunningGateway, path: string) => {
    const res = await fetch(`${gateway.url}/admin/api${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    return ((await res.json()) as { spend_usd: number }).spend_usd;
  };

  it("enforces one key's budget exactly under concurrent load on both: a wave admitted under it is served, the next refused", { skip }, async () => {
    // Waves of 8 concurrent requests, 4 on each gateway; each wave's spend is recorded before the next starts.
    // One counter for both: 8, 16, 24 × $0.000006 after waves 1-3 (the third crosses $0.00012), wave 4 refused.
    // Had each replica counted its own half, each would serve until its own 20: 40 in all.
    const waves: number[][] = [];
    for (let wave = 0; wave < 5; wave++) {
      const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => ask(gateways[i % 2], BUDGET_KEY)));
      await settled();
      waves.push(statuses);
    }
    assert.deepEqual(
      waves.map((statuses) => statuses.filter((status) => status === 200).length),
      [8, 8, 8, 0, 0],
    );
    assert.ok(waves.slice(3).flat().every((status) => status === 429));
    for (const gateway of gateways) assert.equal(await spendOf(gateway, '/keys/cfg_budget'), usd(24), 'both see the one counter');
    const refused = await post(gateways[1], BUDGET_KEY);
    assert.equal(refused.headers.get('x-latticelm-ratelimit-exceeded'), 'key_budget');
    assert.equal((await refused.json()).error.code, 'insufficient_quota');
  });

  it('loses no spend under 60 concurrent requests spread over both gateways', { skip }, async () => {
    const statuses = await Promise.all(Array.from({ length: 60 }, (_, i) => ask(gateways[i % 2], LOAD_KEY)));
    assert.ok(statuses.every((status) => status === 200));
    await settled();
    for (const gateway of gateways) assert.equal(await spendOf(gateway, '/keys/cfg_load'), usd(60));
  });

  it("holds two keys of one owner, used on different gateways, to the owner's budget", { skip }, async () => {
    const sequence: [number, number][] = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [1, 0],
    ];
    const statuses: number[] = [];
    for (const [gateway, key] of sequence) {
      statuses.push(await ask(gateways[gateway], TEAM_KEYS[key]));
      await settled();
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    assert.equal(await spendOf(gateways[1], '/owners/team/budget'), usd(3));
  });
});
