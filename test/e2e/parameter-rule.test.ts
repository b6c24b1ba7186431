import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { RunningGateway, postResponse } from '../support/gateway-harness';
import { ThreeVendors } from '../support/three-vendors';
import { collectSse } from '../support/sse';
import { assertValidError, assertValidResponse, assertValidStream } from '../support/spec-assertions';

const HEADER = 'x-latticelm-dropped-parameters';

/**
 * The README's parameter rule, end to end: what OpenAI defines reaches OpenAI; fields that only describe the
 * request are accepted everywhere; what a vendor cannot honour is a 400 naming it, or — under
 * `unsupported_parameters: drop` — dropped, said in a header; unknown fields stay a 400.
 */
describe('the parameter rule', () => {
  const vendors = new ThreeVendors();
  const { openai, anthropic, gemini } = vendors;
  let gateway: RunningGateway;

  before(async () => {
    gateway = await vendors.start(({ anthropic: fake }) => ({
      providers: {
        'anthropic-lenient': { type: 'anthropic', api_key: 'sk-ant', endpoint: fake.url, max_retries: 0, unsupported_parameters: 'drop' },
      },
      models: [
        { name: 'gpt-5', provider: 'openai' },
        { name: 'claude-dropping', provider: 'anthropic', provider_model_id: 'claude-sonnet-4-6', unsupported_parameters: 'drop' },
        { name: 'claude-lenient', provider: 'anthropic-lenient', provider_model_id: 'claude-sonnet-4-6' },
        { name: 'claude-strict', provider: 'anthropic-lenient', provider_model_id: 'claude-sonnet-4-6', unsupported_parameters: 'reject' },
      ],
    }));
  });
  after(() => vendors.stop());
  beforeEach(() => {
    vendors.reset();
  });

  it('passes what OpenAI defines through to OpenAI, as sent', async () => {
    openai.enqueue({ kind: 'text', text: 'ok' });
    const contextManagement = [{ type: 'compaction', compact_threshold: 200000 }];
    const response = await postResponse(gateway, {
      model: 'gpt-5',
      service_tier: 'flex',
      prompt_cache_key: 'conversation-7',
      prompt_cache_retention: '24h',
      safety_identifier: 'user-hash',
      context_management: contextManagement,
      client_metadata: { originator: 'codex_exec' },
    });
    assert.equal(response.status, 200);
    assertValidResponse(await response.json());
    assert.equal(response.headers.get(HEADER), null);
    const body = openai.requests[0].body;
    assert.equal(body.service_tier, 'flex');
    assert.equal(body.prompt_cache_key, 'conversation-7');
    assert.equal(body.prompt_cache_retention, '24h');
    assert.equal(body.safety_identifier, 'user-hash');
    assert.deepEqual(body.context_management, contextManagement);
    // Neither document defines client_metadata: accepted, and not forwarded to a vendor that does not define it.
    assert.equal('client_metadata' in body, false);
  });

  for (const model of ['claude', 'gemini']) {
    it(`accepts the fields that only describe the request on ${model}, and sends none of OpenAI's hints`, async () => {
      (model === 'claude' ? anthropic : gemini).enqueue({ kind: 'text', text: 'ok' });
      const response = await postResponse(gateway, {
        model,
        service_tier: 'priority',
        prompt_cache_key: 'k',
        prompt_cache_retention: 'in_memory',
        safety_identifier: 'user-hash',
        client_metadata: { originator: 'codex_exec' },
        metadata: { app: 'test' },
      });
      assert.equal(response.status, 200, await response.clone().text());
      assertValidResponse(await response.json());
      const body = (model === 'claude' ? anthropic : gemini).requests[0].body;
      for (const field of ['service_tier', 'prompt_cache_key', 'prompt_cache_retention', 'client_metadata', 'serviceTier']) {
        assert.equal(field in body, false, field);
      }
    });
  }

  it('refuses what the vendor cannot honour by default, naming the field', async () => {
    for (const [model, body, param] of [
      ['claude', { temperature: 0.2 }, 'temperature'],
      ['claude', { context_management: [{ type: 'compaction' }] }, 'context_management'],
      ['gemini', { max_tool_calls: 3 }, 'max_tool_calls'],
      ['claude-strict', { top_p: 0.5 }, 'top_p'],
    ] as const) {
      const response = await postResponse(gateway, { model, ...body });
      assert.equal(response.status, 400, `${model} ${param}`);
      const error = await response.json();
      assertValidError(error);
      assert.equal(error.error.param, param);
      assert.equal(error.error.code, 'unsupported_parameter');
    }
    assert.equal(anthropic.requests.length + gemini.requests.length, 0);
  });

  it('drops them under unsupported_parameters: drop (per model or per provider) and says so in a header', async () => {
    for (const model of ['claude-dropping', 'claude-lenient']) {
      anthropic.reset();
      anthropic.enqueue({ kind: 'text', text: 'ok' });
      const response = await postResponse(gateway, { model, temperature: 0.2, top_p: 0.9, max_tool_calls: 2, context_management: [{ type: 'compaction' }] });
      assert.equal(response.status, 200, await response.clone().text());
      assertValidResponse(await response.json());
      assert.equal(response.headers.get(HEADER), 'max_tool_calls, context_management, temperature, top_p');
      const body = anthropic.requests[0].body;
      for (const field of ['temperature', 'top_p', 'context_management']) assert.equal(field in body, false, field);
    }
  });

  it('says what it dropped on a stream too, in the headers before the first event', async () => {
    anthropic.enqueue({ kind: 'text', text: 'one two' });
    const response = await postResponse(gateway, { model: 'claude-dropping', temperature: 0, stream: true });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get(HEADER), 'temperature');
    const { events, messages, done } = await collectSse(response);
    assertValidStream(events, messages, done);
  });

  it('sends no header when nothing needed dropping', async () => {
    anthropic.enqueue({ kind: 'text', text: 'ok' });
    const response = await postResponse(gateway, { model: 'claude-dropping', temperature: 1 });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get(HEADER), null);
  });

  it('keeps unknown top-level fields a 400 naming them, on every policy', async () => {
    for (const model of ['gpt-5', 'claude-dropping']) {
      const response = await postResponse(gateway, { model, frobnicate: true });
      assert.equal(response.status, 400);
      const error = await response.json();
      assertValidError(error);
      assert.equal(error.error.param, 'frobnicate');
      assert.equal(error.error.code, 'unknown_parameter');
    }
  });

  it('answers JSON nested 10,000 deep with a 400 naming the path, not a stack overflow', async () => {
    // Written as text: JSON.stringify itself cannot serialize 10,000 levels.
    const deep = '{"x":'.repeat(10_000) + '{}' + '}'.repeat(10_000);
    for (const [field, value, path] of [
      ['tool_choice', deep, 'tool_choice'],
      ['text', `{"format":{"type":"json_schema","name":"n","schema":${deep}}}`, 'text.format.schema'],
      ['tools', `[{"type":"function","name":"f","parameters":${deep}}]`, 'tools[0].parameters'],
    ]) {
      const response = await fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"model":"gpt-5","input":"hi","${field}":${value}}`,
      });
      assert.equal(response.status, 400);
      const error = await response.json();
      assertValidError(error);
      assert.equal(error.error.code, 'nesting_too_deep');
      assert.ok(error.error.param.startsWith(`${path}.x.x`), error.error.param);
    }
    assert.equal(openai.requests.length, 0);
  });
});
