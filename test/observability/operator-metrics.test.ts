import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { OidcIssuer } from '../support/oidc-issuer';
import { ThreeVendors } from '../support/three-vendors';
import { Exposition, parsePrometheusText } from './prometheus-text';

// What an operator asks of /metrics: which model (as the client named it), whose traffic, how many reasoning
// tokens, how smoothly streams flow. Three vendor fakes behind one gateway with auth on and the caller label capped.
describe('/metrics by requested model, caller, reasoning tokens and stream timing', () => {
  const vendors = new ThreeVendors();
  const issuer = new OidcIssuer();
  const tokens = new Map<string, string>();

  const scrape = async (): Promise<Exposition> => parsePrometheusText(await (await fetch(`${vendors.gateway.url}/metrics`)).text());
  const post = async (caller: string, body: Record<string, unknown>) => {
    let token = tokens.get(caller);
    if (!token) tokens.set(caller, (token = await issuer.token({ sub: caller })));
    const res = await fetch(`${vendors.gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ input: 'hi', ...body }),
    });
    await res.text();
    return res.status;
  };
  const deltas = async (act: () => Promise<void>) => {
    const before = await scrape();
    await act();
    const now = await scrape();
    return (name: string, labels: Record<string, string>) => now.sum(name, labels) - before.sum(name, labels);
  };

  before(async () => {
    await issuer.start();
    await vendors.start(() => ({}), {
      auth: { enabled: true, issuer: issuer.issuer, audience: issuer.audience },
      observability: { enabled: true, metrics: { enabled: true, caller: { enabled: true, max_values: 2 } } },
    });
  });
  after(async () => {
    await vendors.stop();
    await issuer.stop();
  });
  beforeEach(() => vendors.reset());

  it('labels a prefix-routed model by the name the client sent once a vendor served it; a name the vendor refused is "other"', async () => {
    vendors.anthropic.enqueue(
      { kind: 'text', text: 'Hello', usage: { inputTokens: 9, outputTokens: 2 } },
      { kind: 'error', status: 404, message: 'model: claude-invented-1' },
    );
    const delta = await deltas(async () => {
      assert.equal(await post('alice', { model: 'claude-3-5-sonnet-20241022' }), 200);
      assert.equal(await post('alice', { model: 'claude-invented-1' }), 404);
    });
    const served = { provider: 'anthropic', model: 'claude-3-5-sonnet-20241022' };
    assert.equal(delta('latticelm_requests_total', { ...served, status: '200', stream: 'false' }), 1);
    assert.equal(delta('latticelm_input_tokens_total', served), 9);
    assert.equal(delta('latticelm_requests_total', { provider: 'anthropic', model: 'other', status: '404' }), 1);
    const now = await scrape();
    assert.ok(!now.samples.some((sample) => Object.values(sample.labels).some((value) => value.includes('invented'))));
  });

  it('counts reasoning tokens from each vendor family', async () => {
    const usage = { inputTokens: 10, outputTokens: 30, reasoningTokens: 24 };
    vendors.openai.enqueue({ kind: 'text', text: 'a', usage });
    vendors.anthropic.enqueue({ kind: 'text', text: 'b', usage });
    vendors.gemini.enqueue({ kind: 'text', text: 'c', usage });
    const delta = await deltas(async () => {
      for (const model of ['gpt', 'claude', 'gemini']) assert.equal(await post('alice', { model }), 200, model);
    });
    for (const [provider, model] of [['openai', 'gpt'], ['anthropic', 'claude'], ['google', 'gemini']]) {
      assert.equal(delta('latticelm_reasoning_tokens_total', { provider, model }), 24, provider);
      assert.equal(delta('latticelm_output_tokens_total', { provider, model }), 30, `${provider}: reasoning is part of the output`);
    }
  });

  it('counts requests and tokens by caller (the token subject), callers past the cap as "other"', async () => {
    const usage = { inputTokens: 5, outputTokens: 1 };
    vendors.openai.enqueue({ kind: 'text', text: 'x', usage }, { kind: 'text', text: 'y', usage }, { kind: 'text', text: 'z', usage });
    // alice took the first of the two caller labels in an earlier test (or takes it now); bob the second
    const delta = await deltas(async () => {
      for (const caller of ['alice', 'bob', 'carol']) assert.equal(await post(caller, { model: 'gpt' }), 200, caller);
    });
    for (const caller of ['alice', 'bob', 'other']) {
      assert.equal(delta('latticelm_requests_total', { model: 'gpt', status: '200', caller }), 1, caller);
      assert.equal(delta('latticelm_input_tokens_total', { model: 'gpt', caller }), 5, caller);
    }
    const now = await scrape();
    assert.ok(!now.samples.some((sample) => sample.labels.caller === 'carol'));
    assert.ok(!now.samples.some((sample) => sample.name.startsWith('latticelm_request_duration_seconds') && sample.labels.caller !== undefined), 'no caller on histograms');
  });

  it('observes the time between output chunks and the tokens per second of a stream', async () => {
    vendors.openai.enqueue({ kind: 'slow', text: 'one two three four', chunks: ['one ', 'two ', 'three ', 'four'], gapMs: 30 });
    const delta = await deltas(async () => {
      assert.equal(await post('alice', { model: 'gpt', stream: true }), 200);
    });
    const series = { provider: 'openai', model: 'gpt' };
    assert.equal(delta('latticelm_time_per_output_chunk_seconds_count', series), 3, 'one gap before each chunk after the first');
    assert.ok(delta('latticelm_time_per_output_chunk_seconds_sum', series) >= 0.06, 'three gaps of about 30 ms');
    assert.equal(delta('latticelm_output_tokens_per_second_count', series), 1);
    assert.ok(delta('latticelm_output_tokens_per_second_sum', series) > 0);
    assert.equal(delta('latticelm_time_to_first_token_seconds_count', series), 1);
  });
});
