import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import Redis from 'ioredis';
import OpenAI from 'openai';
import type { UsageRecorder } from '@latticelm/api';
import { RequestObserver } from '@latticelm/observability';
import { UsageLog } from '@latticelm/usage';
import { runName, serviceSkipReason } from '../conversations/service-availability';
import { FakeAnthropic } from '../fakes/fake-anthropic';
import { FakeOpenAI } from '../fakes/fake-openai';
import { parsePrometheusText } from '../observability/prometheus-text';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { ResponsesSocket } from '../support/responses-socket';
import { assertValidError } from '../support/spec-assertions';
import { manualClock } from '../traffic/traffic-support';

const ADMIN = 'admin-key-for-the-usage-tests-0123456789';
/** the test's clock, set near the real one: the roll-up that runs at start-up reads the real time */
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const DAY = NOW - (NOW % 86_400_000);

type Row = Record<string, any>;

/**
 * The usage log through the whole gateway on SQLite (its migrations, its one connection): requests on every front
 * door that calls a model, with API keys, through the real `openai` and `@anthropic-ai/sdk` clients and `ws`, to
 * the fake vendors; then the admin API's usage and recent requests, after a flush the test triggers itself.
 */
describe('usage log end to end', () => {
  const openai = new FakeOpenAI('openai', 'k');
  const anthropic = new FakeAnthropic('anthropic', 'k');
  let dir: string;
  let gateway: RunningGateway;
  let log: UsageLog;
  let checkout: { id: string; key: string };
  let research: { id: string; key: string };
  let requests: Row[];
  let clock: ReturnType<typeof manualClock>;

  const admin = async (path: string, credential = ADMIN) => fetch(`${gateway.url}/admin/api/${path}`, { headers: { authorization: `Bearer ${credential}` } });
  const createKey = async (body: Record<string, unknown>) => {
    const res = await fetch(`${gateway.url}/admin/api/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 201);
    return (await res.json()) as { id: string; key: string };
  };
  const usage = async (query: string) => {
    const res = await admin(`usage?${query}`);
    assert.equal(res.status, 200);
    return (await res.json()) as { object: string; group_by: string; from: string; to: string; data: Row[] };
  };

  before(async () => {
    await Promise.all([openai.start(), anthropic.start()]);
    dir = await mkdtemp(join(tmpdir(), 'latticelm-usage-'));
    gateway = await startGateway({
      conversations: { store: 'sql', driver: 'sqlite3', dsn: join(dir, 'conversations.db') },
      observability: { enabled: true, metrics: { enabled: true } },
      providers: {
        openai: { type: 'openai', api_key: 'k', endpoint: `${openai.url}/v1`, max_retries: 0 },
        anthropic: { type: 'anthropic', api_key: 'k', endpoint: anthropic.url, max_retries: 0 },
      },
      models: [
        { name: 'gpt-4o-mini', provider: 'openai' },
        { name: 'claude-sonnet-4-6', provider: 'anthropic' },
      ],
      auth: { api_keys: { enabled: true, admin_keys: [ADMIN] } },
      // a flush only when the test asks for one
      usage_log: { flush_interval: '1h' },
    });
    clock = manualClock(gateway, NOW);
    log = gateway.app.get(UsageLog);
    checkout = await createKey({ name: 'checkout', owner: 'team-payments' });
    research = await createKey({ name: 'research', owner: 'team-ml', models: ['claude-*'] });

    const sdk = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: checkout.key, maxRetries: 0 });
    openai.enqueue(
      { kind: 'text', text: 'JSON answer.', usage: { inputTokens: 2000, cachedTokens: 1500, outputTokens: 300 } },
      { kind: 'text', text: 'A streamed answer in words.', usage: { inputTokens: 100, outputTokens: 50, reasoningTokens: 20 } },
      { kind: 'text', text: 'Chat answer.', usage: { inputTokens: 10, outputTokens: 5 } },
      { kind: 'text', text: 'Socket answer.', usage: { inputTokens: 12, outputTokens: 7 } },
    );
    await sdk.responses.create({ model: 'gpt-4o-mini', input: 'hi', store: false });
    const stream = await sdk.responses.create({ model: 'gpt-4o-mini', input: 'hi', store: false, stream: true });
    for await (const event of stream) void event;
    await sdk.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    await sdk.embeddings.create({ model: 'text-embedding-3-small', input: ['two words', 'one'] });
    const socket = await ResponsesSocket.open(gateway.url, { authorization: `Bearer ${checkout.key}` });
    socket.create({ model: 'gpt-4o-mini', input: 'hi', store: false });
    assert.equal((await socket.turn()).at(-1)?.type, 'response.completed');
    socket.close();

    anthropic.enqueue({ kind: 'text', text: 'Claude answer.', usage: { inputTokens: 75, cachedTokens: 40, cacheCreationTokens: 10, outputTokens: 15 } });
    const claude = new Anthropic({ baseURL: gateway.url, apiKey: research.key, maxRetries: 0 });
    await claude.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
    const refused = await fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { authorization: `Bearer ${research.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', input: 'hi' }) });
    assert.equal(refused.status, 403);
    const anonymous = await fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', input: 'hi' }) });
    assert.equal(anonymous.status, 401);

    // each record is made when its response closes; then one flush writes them
    await log.recorded(7);
    await log.flush();
    const res = await admin('requests?limit=20');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { object: string; data: Row[]; has_more: boolean };
    assert.equal(body.object, 'list');
    assert.equal(body.has_more, false);
    requests = body.data;
    // the queries come a second later: `to` (now, by default) is exclusive
    clock.advance(1000);
  });
  after(async () => {
    await gateway?.close();
    await Promise.all([openai.stop(), anthropic.stop()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const byRoute = (route: string, stream?: boolean) => requests.find((row) => row.route === route && (stream === undefined || row.stream === stream));

  it('records one request per call on every front door, newest first; none for the request refused its credential', () => {
    assert.deepEqual(
      requests.map((row) => row.route),
      ['POST /v1/responses', 'POST /v1/messages', 'WS /v1/responses', 'POST /v1/embeddings', 'POST /v1/chat/completions', 'POST /v1/responses', 'POST /v1/responses'],
    );
    for (const row of requests) assert.equal(row.time, new Date(NOW).toISOString());
  });

  it('a JSON response: its key, owner, model, provider, tokens by kind and the cost of the header', () => {
    const row = requests[requests.length - 1];
    assert.deepEqual(
      { ...row, latency_ms: typeof row.latency_ms, request_id: typeof row.request_id },
      {
        time: new Date(NOW).toISOString(),
        request_id: 'string',
        key_id: checkout.id,
        key_name: 'checkout',
        owner: 'team-payments',
        model: 'gpt-4o-mini',
        provider: 'openai',
        route: 'POST /v1/responses',
        status: 200,
        outcome: 'ok',
        stream: false,
        input_tokens: 2000,
        cached_tokens: 1500,
        cache_write_tokens: 0,
        output_tokens: 300,
        reasoning_tokens: 0,
        // 500 fresh × 0.15 + 1500 cached × 0.075 + 300 × 0.60 per million
        cost_usd: 0.0003675,
        latency_ms: 'number',
        ttft_ms: null,
        cache_hit: null,
      },
    );
    assert.equal('prompt' in row, false, 'no prompt text unless usage_log.include_prompts');
  });

  it('a stream: its tokens, its cost, and a time to first token within its latency', () => {
    const row = requests[requests.length - 2];
    assert.equal(row.stream, true);
    assert.deepEqual([row.input_tokens, row.output_tokens, row.reasoning_tokens], [100, 50, 20]);
    assert.equal(row.cost_usd, 0.000045);
    assert.ok(typeof row.ttft_ms === 'number' && row.ttft_ms >= 0 && row.ttft_ms <= row.latency_ms, `ttft ${row.ttft_ms} ≤ latency ${row.latency_ms}`);
    const socket = byRoute('WS /v1/responses');
    assert.equal(socket?.key_id, checkout.id, 'a WebSocket turn is its connection key\'s');
    assert.equal(socket?.owner, 'team-payments');
    assert.equal(socket?.cost_usd, 0.000006);
    assert.equal(typeof socket?.ttft_ms, 'number');
  });

  it('Chat Completions, embeddings and Messages, with cache writes and an unpriced embedding model', () => {
    assert.deepEqual([byRoute('POST /v1/chat/completions')?.input_tokens, byRoute('POST /v1/chat/completions')?.cost_usd], [10, 0.0000045]);
    const embeddings = byRoute('POST /v1/embeddings');
    assert.deepEqual([embeddings?.input_tokens, embeddings?.output_tokens, embeddings?.cost_usd, embeddings?.provider], [3, 0, null, 'openai']);
    const messages = byRoute('POST /v1/messages');
    assert.deepEqual(
      [messages?.key_id, messages?.owner, messages?.provider, messages?.input_tokens, messages?.cached_tokens, messages?.cache_write_tokens, messages?.output_tokens, messages?.cost_usd],
      [research.id, 'team-ml', 'anthropic', 75, 40, 10, 15, 0.0003495],
    );
  });

  it('a refused request: its key, its status, an error, and no cost', () => {
    const row = requests[0];
    assert.deepEqual([row.key_id, row.status, row.outcome, row.model, row.provider, row.cost_usd, row.input_tokens], [research.id, 403, 'error', 'gpt-4o-mini', null, 0, 0]);
  });

  it('filters and pages the recent requests', async () => {
    const list = async (query: string) => ((await (await admin(`requests?${query}`)).json()) as { data: Row[]; has_more: boolean });
    assert.equal((await list(`key_id=${research.id}`)).data.length, 2);
    assert.deepEqual((await list('status=403')).data.map((row) => row.status), [403]);
    assert.deepEqual((await list('status=error')).data.length, 1);
    assert.deepEqual((await list('model=claude-sonnet-4-6')).data.map((row) => row.route), ['POST /v1/messages']);
    assert.deepEqual((await list('provider=anthropic&owner=team-ml')).data.length, 1);
    const page = await list('limit=2');
    assert.equal(page.data.length, 2);
    assert.equal(page.has_more, true);
    assert.equal((await list(`before=${encodeURIComponent(new Date(NOW).toISOString())}`)).data.length, 0, 'before is exclusive');
  });

  it('totals by key: requests, errors, tokens by kind, the known cost, percentiles', async () => {
    const answer = await usage('group_by=key');
    assert.equal(answer.object, 'list');
    assert.equal(answer.group_by, 'key');
    assert.equal(answer.to, new Date(NOW + 1000).toISOString());
    assert.equal(answer.from, new Date(NOW + 1000 - 7 * 86_400_000).toISOString());
    const [first, second] = answer.data;
    assert.deepEqual(
      { ...first, latency_ms_p50: typeof first.latency_ms_p50, latency_ms_p95: typeof first.latency_ms_p95, ttft_ms_p50: typeof first.ttft_ms_p50, ttft_ms_p95: typeof first.ttft_ms_p95 },
      {
        key_id: checkout.id,
        key_name: 'checkout',
        requests: 5,
        errors: 0,
        input_tokens: 2000 + 100 + 10 + 3 + 12,
        cached_tokens: 1500,
        cache_write_tokens: 0,
        output_tokens: 300 + 50 + 5 + 7,
        reasoning_tokens: 20,
        cost_usd: 0.000423,
        unpriced_requests: 1,
        latency_ms_p50: 'number',
        latency_ms_p95: 'number',
        ttft_ms_p50: 'number',
        ttft_ms_p95: 'number',
      },
    );
    assert.deepEqual([second.key_id, second.key_name, second.requests, second.errors, second.cost_usd, second.ttft_ms_p50], [research.id, 'research', 2, 1, 0.0003495, null]);
  });

  it('totals by owner, model, provider, day and hour name their group', async () => {
    const groups = async (groupBy: string) => (await usage(`group_by=${groupBy}`)).data.map((row) => [row[groupBy], row.requests]);
    assert.deepEqual(await groups('owner'), [['team-payments', 5], ['team-ml', 2]]);
    assert.deepEqual(await groups('model'), [['gpt-4o-mini', 5], ['claude-sonnet-4-6', 1], ['text-embedding-3-small', 1]]);
    assert.deepEqual(await groups('provider'), [['openai', 5], [null, 1], ['anthropic', 1]], 'the refused request reached no provider');
    const iso = (ms: number) => new Date(ms).toISOString();
    assert.deepEqual(await groups('day'), [[iso(NOW).slice(0, 10), 7]]);
    const hour = NOW - (NOW % 3_600_000);
    assert.deepEqual(await groups('hour'), [[`${iso(hour).slice(0, 19)}Z`, 7]]);
    const filtered = await usage(`group_by=model&key_id=${checkout.id}&from=${iso(hour).slice(0, 16)}&to=${NOW / 1000 + 1}`);
    assert.deepEqual(filtered.data.map((row) => [row.model, row.requests]), [['gpt-4o-mini', 4], ['text-embedding-3-small', 1]]);
    assert.deepEqual((await usage(`group_by=day&from=${new Date(DAY + 86_400_000).toISOString().slice(0, 10)}&to=${(DAY + 2 * 86_400_000) / 1000}`)).data, [], 'nothing after');
  });

  it('a bad parameter is a 400 naming it; the routes need the admin key and no other', async () => {
    for (const [query, param] of [['group_by=week', 'group_by'], ['from=yesterday', 'from'], ['from=2026-03-10&to=2026-03-01', 'from'], ['gruop_by=key', 'gruop_by']]) {
      const res = await admin(`usage?${query}`);
      assert.equal(res.status, 400, query);
      const error = await res.json();
      assertValidError(error);
      assert.equal(error.error.param, param);
    }
    assert.equal((await admin('requests?limit=0')).status, 400);
    assert.equal((await fetch(`${gateway.url}/admin/api/usage`)).status, 401);
    assert.equal((await admin('usage', checkout.key)).status, 403, 'an API key does not open the admin API');
    assert.equal((await admin('requests', checkout.key)).status, 403);
  });

  it('counts what it wrote in /metrics', async () => {
    const metrics = parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());
    assert.equal(metrics.sum('latticelm_usage_records_written_total', { store: 'sql' }), 7);
    assert.ok(metrics.sum('latticelm_usage_flush_duration_seconds_count', { store: 'sql', outcome: 'ok' }) >= 1);
  });
});

describe('usage log settings', () => {
  const openai = new FakeOpenAI('openai', 'k');
  const providers = () => ({ openai: { type: 'openai', api_key: 'k', endpoint: `${openai.url}/v1`, max_retries: 0 } });
  before(() => openai.start());
  after(() => openai.stop());

  it('is off without API keys: no recorder, no usage routes, nothing on the request path', async () => {
    const gateway = await startGateway({ providers: providers(), models: [{ name: 'gpt-4o-mini', provider: 'openai' }] });
    try {
      assert.equal(gateway.config.usageLog.enabled, false);
      const observer: { usage?: UsageRecorder | null } = gateway.app.get<RequestObserver, { usage?: UsageRecorder | null }>(RequestObserver);
      assert.equal(observer.usage ?? null, null, 'the request observer has no recorder to call');
      assert.equal((await fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', input: 'hi' }) })).status, 200);
      assert.equal((await fetch(`${gateway.url}/admin/api/usage`)).status, 404);
    } finally {
      await gateway.close();
    }
  });

  it('keeps the input text, truncated, only with include_prompts (memory store)', async () => {
    const gateway = await startGateway({
      providers: providers(),
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
      auth: { api_keys: { enabled: true, admin_keys: [ADMIN], keys: [{ name: 'ci', key: `lm-usage-test-${'x'.repeat(30)}`, owner: 'ci-team' }] } },
      usage_log: { include_prompts: true, prompt_max_chars: 12, flush_interval: '1h' },
    });
    try {
      const sdk = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: `lm-usage-test-${'x'.repeat(30)}`, maxRetries: 0 });
      await sdk.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the capital of France?' }] });
      const log = gateway.app.get(UsageLog);
      await log.recorded(1);
      await log.flush();
      const res = await fetch(`${gateway.url}/admin/api/requests`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const [row] = ((await res.json()) as { data: Row[] }).data;
      assert.equal(row.prompt, 'Be brief.\nWh');
      assert.equal(row.key_id, 'cfg_ci');
      assert.equal(row.owner, 'ci-team');
    } finally {
      await gateway.close();
    }
  });
});

describe('usage log with the response cache', () => {
  const openai = new FakeOpenAI('openai', 'k');
  before(() => openai.start());
  after(() => openai.stop());

  it('marks a cache hit, which costs nothing, and a miss', async () => {
    const key = `lm-cache-usage-${'c'.repeat(30)}`;
    const gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${openai.url}/v1`, max_retries: 0 } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
      auth: { api_keys: { enabled: true, admin_keys: [ADMIN], keys: [{ name: 'cached', key, owner: 'team' }] } },
      response_cache: { enabled: true },
      usage_log: { flush_interval: '1h' },
    });
    try {
      openai.setDefault({ kind: 'text', text: 'Paris.', usage: { inputTokens: 20, outputTokens: 2 } });
      const sdk = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
      for (let n = 0; n < 2; n++) await sdk.responses.create({ model: 'gpt-4o-mini', input: 'Capital of France?', store: false });
      const log = gateway.app.get(UsageLog);
      await log.recorded(2);
      await log.flush();
      const res = await fetch(`${gateway.url}/admin/api/requests`, { headers: { authorization: `Bearer ${ADMIN}` } });
      const rows = ((await res.json()) as { data: Row[] }).data;
      assert.deepEqual(
        rows.map((row) => [row.cache_hit, row.cost_usd, row.input_tokens]),
        [
          [true, 0, 0],
          // 20 × 0.15 + 2 × 0.60 per million
          [false, 0.0000042, 20],
        ],
      );
    } finally {
      await gateway.close();
    }
  });
});

describe('usage log on Redis, two gateways', async () => {
  const skip = await serviceSkipReason('Redis', '127.0.0.1', 6379);
  const openai = new FakeOpenAI('openai', 'k');
  const key = `lm-replicas-${'r'.repeat(30)}`;
  const keyPrefix = `${runName('usage')}:`;
  const gateways: RunningGateway[] = [];

  before(async () => {
    if (skip) return;
    await openai.start();
    for (let replica = 0; replica < 2; replica++) {
      gateways.push(
        await startGateway({
          conversations: { store: 'redis', dsn: 'redis://127.0.0.1:6379/0', key_prefix: keyPrefix },
          providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${openai.url}/v1`, max_retries: 0 } },
          models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
          auth: { api_keys: { enabled: true, admin_keys: [ADMIN], keys: [{ name: 'shared', key, owner: 'platform' }] } },
          usage_log: { flush_interval: '1h' },
        }),
      );
    }
  });
  after(async () => {
    if (skip) return;
    await Promise.all(gateways.map((gateway) => gateway.close()));
    await openai.stop();
    const client = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
    await client.connect();
    const keys = await client.keys(`${keyPrefix}*`);
    if (keys.length) await client.del(keys);
    client.disconnect();
  });

  it('adds both replicas\' requests into one set of totals, readable from either', { skip }, async () => {
    openai.setDefault({ kind: 'text', text: 'ok', usage: { inputTokens: 10, outputTokens: 2 } });
    for (const [index, count] of [[0, 2], [1, 3]] as const) {
      const sdk = new OpenAI({ baseURL: `${gateways[index].url}/v1`, apiKey: key, maxRetries: 0 });
      for (let n = 0; n < count; n++) await sdk.responses.create({ model: 'gpt-4o-mini', input: 'hi', store: false, stream: n === 0 });
      const log = gateways[index].app.get(UsageLog);
      await log.recorded(count);
      await log.flush();
    }
    const read = async (gateway: RunningGateway, path: string) => (await fetch(`${gateway.url}/admin/api/${path}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json();
    for (const gateway of gateways) {
      const totals = (await read(gateway, `usage?group_by=key&to=${Math.ceil(Date.now() / 1000) + 60}`)) as { data: Row[] };
      assert.deepEqual(totals.data.map((row) => [row.key_id, row.key_name, row.requests, row.input_tokens, row.output_tokens]), [['cfg_shared', 'shared', 5, 50, 10]]);
      assert.equal(typeof totals.data[0].ttft_ms_p50, 'number', 'two streams had a first token');
      assert.equal(((await read(gateway, 'requests')) as { data: Row[] }).data.length, 5);
    }
  });
});
