import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, postResponse, startGateway } from '../support/gateway-harness';
import { Exposition, parsePrometheusText } from './prometheus-text';

const PROMTOOL = spawnSync('promtool', ['--version']).status === 0;

describe('Prometheus metrics after real traffic through the gateway', () => {
  const openai = new FakeOpenAI('openai', 'sk-openai');
  let gateway: RunningGateway;

  const scrape = async (): Promise<Exposition> => {
    const res = await fetch(`${gateway.url}/metrics`);
    assert.equal(res.status, 200);
    const type = res.headers.get('content-type') ?? '';
    assert.match(type, /^text\/plain;/);
    assert.match(type, /version=0\.0\.4/);
    return parsePrometheusText(await res.text());
  };
  const post = (body: unknown) =>
    fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  before(async () => {
    await openai.start();
    gateway = await startGateway({
      observability: { enabled: true, metrics: { enabled: true, path: '/metrics' } },
      // a breaker that counts but never trips here: these tests provoke failures on purpose
      providers: {
        openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1`, max_retries: 0, circuit_breaker: { minimum_requests: 1000 } },
      },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
    });
  });
  after(async () => {
    await gateway.close();
    await openai.stop();
  });
  beforeEach(() => openai.reset());

  it('counts requests and tokens (input, output, cached) by provider, model, status and stream', async () => {
    const before = await scrape();
    const json = { provider: 'openai', model: 'gpt-4o-mini', status: '200', stream: 'false' };
    const streamed = { ...json, stream: 'true' };
    const model = { provider: 'openai', model: 'gpt-4o-mini' };
    openai.enqueue(
      { kind: 'text', text: 'Hi there', usage: { inputTokens: 20, outputTokens: 3, cachedTokens: 8 } },
      { kind: 'text', text: 'one two three', usage: { inputTokens: 5, outputTokens: 4, cachedTokens: 0 } },
    );
    assert.equal((await post({ model: 'gpt-4o-mini', input: 'hello' })).status, 200);
    const stream = await post({ model: 'gpt-4o-mini', input: 'count', stream: true });
    assert.equal(stream.status, 200);
    await stream.text();

    const now = await scrape();
    const delta = (name: string, labels: Record<string, string>) => now.sum(name, labels) - before.sum(name, labels);
    assert.equal(delta('latticelm_requests_total', json), 1);
    assert.equal(delta('latticelm_requests_total', streamed), 1);
    assert.equal(delta('latticelm_request_duration_seconds_count', json), 1);
    assert.equal(delta('latticelm_input_tokens_total', model), 25);
    assert.equal(delta('latticelm_output_tokens_total', model), 7);
    assert.equal(delta('latticelm_cached_tokens_total', model), 8);
    assert.equal(delta('latticelm_time_to_first_token_seconds_count', model), 1, 'TTFT only for the stream');
    assert.ok(delta('latticelm_time_to_first_token_seconds_sum', model) > 0);
    assert.equal(now.value('latticelm_streams_in_flight', { provider: 'openai' }), 0);
    assert.equal(delta('latticelm_http_requests_total', { method: 'POST', route: '/v1/responses', status: '200' }), 2);
    assert.equal(now.value('latticelm_circuit_breaker_state', { provider: 'openai', model: 'gpt-4o-mini' }), 0);
    assert.ok((now.value('process_cpu_user_seconds_total') ?? -1) >= 0, 'Node process metrics are exposed');
  });

  it('counts upstream errors by kind and keeps labels bounded', async () => {
    const before = await scrape();
    openai.enqueue(
      { kind: 'error', status: 500, message: 'boom' },
      { kind: 'error', status: 429, message: 'slow down', retryAfter: 0 },
      { kind: 'error', status: 404, message: 'The model `gpt-made-up-123` does not exist' },
    );
    assert.equal((await post({ model: 'gpt-4o-mini', input: 'x' })).status, 502);
    assert.equal((await post({ model: 'gpt-4o-mini', input: 'x' })).status, 429);
    // prefix-routed, not in `models`, and refused by the vendor: labelled "other"
    assert.equal((await post({ model: 'gpt-made-up-123', input: 'x' })).status, 404);
    assert.equal((await fetch(`${gateway.url}/v1/responses/resp_doesnotexist`)).status, 404);

    const now = await scrape();
    const delta = (name: string, labels: Record<string, string>) => now.sum(name, labels) - before.sum(name, labels);
    assert.equal(delta('latticelm_upstream_errors_total', { provider: 'openai', kind: 'http_5xx' }), 1);
    assert.equal(delta('latticelm_upstream_errors_total', { provider: 'openai', kind: 'http_429' }), 1);
    assert.equal(delta('latticelm_requests_total', { provider: 'openai', model: 'gpt-4o-mini', status: '502' }), 1);
    assert.equal(delta('latticelm_requests_total', { provider: 'openai', model: 'other', status: '404' }), 1);
    assert.equal(delta('latticelm_http_requests_total', { method: 'GET', route: '/v1/responses/:id', status: '404' }), 1);
    const models = new Set(now.samples.filter((s) => s.labels.model !== undefined).map((s) => s.labels.model));
    assert.deepEqual([...models].sort(), ['gpt-4o-mini', 'other']);
    assert.ok(!now.samples.some((s) => Object.values(s.labels).some((v) => v.includes('resp_doesnotexist') || v.includes('made-up'))));
  });

  it('labels a stream that ended with response.failed as failed, not 200', async () => {
    const before = await scrape();
    openai.enqueue({ kind: 'cut', text: 'one two three four', afterChunks: 2 });
    const res = await post({ model: 'gpt-4o-mini', input: 'x', stream: true });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /response\.failed/);
    const now = await scrape();
    const labels = { provider: 'openai', model: 'gpt-4o-mini', stream: 'true' };
    assert.equal(now.sum('latticelm_requests_total', { ...labels, status: 'failed' }) - before.sum('latticelm_requests_total', { ...labels, status: 'failed' }), 1);
    assert.equal(now.sum('latticelm_requests_total', { ...labels, status: '200' }) - before.sum('latticelm_requests_total', { ...labels, status: '200' }), 0);
  });

  it('passes promtool check metrics', { skip: PROMTOOL ? false : 'promtool is not installed (apt package "prometheus")' }, async () => {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const output = `${result.stdout}${result.stderr}`;
    // Exit 1 is a parse error; exit 3 lists lint findings. prom-client's own default gauges are named
    // nodejs_active_*_total, which the linter flags: tolerated, but nothing of ours may be flagged.
    assert.ok(result.status === 0 || result.status === 3, output);
    const findings = output.split('\n').filter((line) => line.trim() !== '');
    assert.deepEqual(findings.filter((line) => !/^nodejs_active_\w+_total non-counter/.test(line)), []);
  });
});

describe('metrics switched off', () => {
  it('serves no /metrics when observability is disabled', async () => {
    const gateway = await startGateway({ providers: {} });
    try {
      assert.equal((await fetch(`${gateway.url}/metrics`)).status, 404);
    } finally {
      await gateway.close();
    }
  });
});

describe('breaker, rate-limit and store metrics from real traffic', () => {
  const openai = new FakeOpenAI('openai', 'sk-openai');
  let gateway: RunningGateway;

  before(async () => {
    await openai.start();
    gateway = await startGateway({
      observability: { enabled: true, metrics: { enabled: true, path: '/metrics' } },
      rate_limit: { enabled: true, requests_per_second: 0.001, burst: 3 },
      providers: {
        openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1`, max_retries: 0, circuit_breaker: { minimum_requests: 1, timeout: '60s' } },
      },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
    });
  });
  after(async () => {
    await gateway.close();
    await openai.stop();
  });

  it('moves the store, circuit and rate-limit series', async () => {
    const scrape = async () => parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());
    const before = await scrape();
    openai.enqueue({ kind: 'text', text: 'stored' }, { kind: 'error', status: 500, message: 'boom' });
    const post = () => postResponse(gateway, { model: 'gpt-4o-mini' });
    assert.equal((await post()).status, 200, 'served and stored');
    assert.equal((await post()).status, 502, 'a vendor 500 opens the circuit (minimum_requests 1)');
    assert.equal((await post()).status, 503, 'the open circuit answers');
    assert.equal((await post()).status, 429, 'the burst of 3 is spent');
    const now = await scrape();
    const delta = (name: string, labels: Record<string, string>) => now.sum(name, labels) - before.sum(name, labels);
    assert.equal(now.value('latticelm_circuit_breaker_state', { provider: 'openai', model: 'gpt-4o-mini' }), 2);
    assert.equal(delta('latticelm_circuit_breaker_transitions_total', { provider: 'openai', model: 'gpt-4o-mini', from: 'closed', to: 'open' }), 1);
    assert.equal(delta('latticelm_upstream_errors_total', { provider: 'openai', kind: 'circuit_open' }), 1);
    assert.equal(delta('latticelm_rate_limit_rejections_total', { store: 'memory' }), 1);
    assert.equal(delta('latticelm_conversation_store_operation_duration_seconds_count', { store: 'memory', operation: 'save', outcome: 'ok' }), 1);
  });
});

