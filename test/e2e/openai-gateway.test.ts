import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, gatewayClient, startGateway } from '../support/gateway-harness';
import { collectSse } from '../support/sse';
import { assertValidError, assertValidResponse, assertValidStream } from '../support/spec-assertions';

describe('gateway over OpenAI and Azure OpenAI, driven by the openai SDK', () => {
  const openai = new FakeOpenAI('openai', 'sk-openai');
  const azure = new FakeOpenAI('azure', 'azure-key');
  let gateway: RunningGateway;
  let client: OpenAI;

  before(async () => {
    await Promise.all([openai.start(), azure.start()]);
    gateway = await startGateway({
      providers: {
        // max_retries 0 and no breaker: these tests look at single upstream answers (the traffic layer retries
        // 429/5xx by default, and a vendor 429 cools the model down)
        openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1`, max_retries: 0, circuit_breaker: { enabled: false } },
        azure: { type: 'azureopenai', api_key: 'azure-key', endpoint: azure.url, api_version: '2025-04-01-preview' },
      },
      models: [
        { name: 'gpt-4o-mini', provider: 'openai' },
        { name: 'azure-gpt', provider: 'azure', provider_model_id: 'my-deployment' },
      ],
    });
    client = gatewayClient(gateway);
  });
  after(async () => {
    await gateway.close();
    await Promise.all([openai.stop(), azure.stop()]);
  });
  beforeEach(() => {
    openai.reset();
    azure.reset();
  });

  it('answers a string input with a complete, spec-valid ResponseResource', async () => {
    openai.enqueue({ kind: 'text', text: 'Hello there!', usage: { inputTokens: 20, outputTokens: 3, cachedTokens: 8 } });
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'Hi' });
    assert.equal(response.output_text, 'Hello there!');
    assert.equal(response.status, 'completed');
    assert.equal(response.model, 'gpt-4o-mini');
    assert.deepEqual(response.usage?.input_tokens_details, { cached_tokens: 8 });
    assertValidResponse(response);
    const upstream = openai.requests[0];
    assert.equal(upstream.path, '/v1/responses');
    assert.equal(upstream.headers.authorization, 'Bearer sk-openai');
    assert.deepEqual(upstream.body.input, [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }]);
  });

  it('streams spec-valid events in order, ending with [DONE]', async () => {
    openai.enqueue({ kind: 'text', text: 'one two three' });
    const res = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'count', stream: true }),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const { events, messages, done } = await collectSse(res);
    assertValidStream(events, messages, done);
    const deltas = events.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta);
    assert.deepEqual(deltas, ['one ', 'two ', 'three']);
    assert.equal(events.at(-1)?.response.output[0].content[0].text, 'one two three');
  });

  it('streams through the openai SDK client', async () => {
    openai.enqueue({ kind: 'text', text: 'streamed answer' });
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'x', stream: true });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    assert.equal(text, 'streamed answer');
    assert.equal(types.at(-1), 'response.completed');
  });

  it('round-trips a tool call (streamed and not)', async () => {
    const tools: OpenAI.Responses.FunctionTool[] = [
      { type: 'function', name: 'get_weather', description: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false },
    ];
    openai.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'Weather in Paris?', tools, tool_choice: 'auto' });
    assertValidResponse(first);
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    assert.equal(call.arguments, '{"city":"Paris"}');
    assert.equal(call.call_id, 'call_1');

    openai.enqueue({ kind: 'text', text: 'It is sunny.' });
    const stream = await client.responses.create({
      model: 'gpt-4o-mini',
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"sky":"sunny"}' },
      ],
      tools,
      stream: true,
    });
    let text = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') text += event.delta;
    assert.equal(text, 'It is sunny.');
    const sent = openai.requests[1].body;
    assert.deepEqual(sent.input.slice(1), [
      { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { type: 'function_call_output', call_id: 'call_1', output: '{"sky":"sunny"}' },
    ]);
    assert.equal(sent.tools[0].name, 'get_weather');
  });

  it('streams tool-call argument deltas with spec-valid events', async () => {
    openai.enqueue({ kind: 'tool_calls', calls: [{ name: 'a', arguments: '{"x":1}' }, { name: 'b', arguments: '{"y":2}' }] });
    const res = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'go', stream: true, tools: [{ type: 'function', name: 'a' }, { type: 'function', name: 'b' }] }),
    });
    const { events, messages, done } = await collectSse(res);
    assertValidStream(events, messages, done);
    const doneArgs = events.filter((event) => event.type === 'response.function_call_arguments.done').map((event) => event.arguments);
    assert.deepEqual(doneArgs, ['{"x":1}', '{"y":2}']);
  });

  it('reaches Azure OpenAI with api-key, api-version and the deployment as model', async () => {
    azure.enqueue({ kind: 'text', text: 'from azure' });
    const response = await client.responses.create({ model: 'azure-gpt', input: 'hi' });
    assert.equal(response.output_text, 'from azure');
    assert.equal((response as unknown as { provider: string }).provider, 'azure');
    const upstream = azure.requests[0];
    assert.equal(upstream.path, '/openai/responses');
    assert.equal(upstream.query.get('api-version'), '2025-04-01-preview');
    assert.equal(upstream.headers['api-key'], 'azure-key');
    assert.equal(upstream.body.model, 'my-deployment');
  });

  it('maps max_output_tokens truncation to an incomplete response', async () => {
    openai.enqueue({ kind: 'text', text: 'cut sho', finish: 'length' });
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'long story', max_output_tokens: 5 });
    assert.equal(response.status, 'incomplete');
    assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
    assertValidResponse(response);
    assert.equal(openai.requests[0].body.max_output_tokens, 5);
  });

  it('maps vendor errors: 400 keeps status and message, 429 keeps Retry-After, 500 becomes 502', async () => {
    openai.enqueue(
      { kind: 'error', status: 400, message: 'Invalid schema for function' },
      { kind: 'error', status: 429, message: 'Rate limit reached', retryAfter: 7 },
      { kind: 'error', status: 500, message: 'The server had an error' },
    );
    const post = () =>
      fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x' }) });
    const bad = await post();
    assert.equal(bad.status, 400);
    const badBody = await bad.json();
    assertValidError(badBody);
    assert.match(badBody.error.message, /Invalid schema for function/);
    const limited = await post();
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '7');
    assert.match((await limited.json()).error.message, /Rate limit reached/);
    const broken = await post();
    assert.equal(broken.status, 502);
    assert.match((await broken.json()).error.message, /The server had an error/);
  });

  it('ends a cut stream with response.failed', async () => {
    openai.enqueue({ kind: 'cut', text: 'a b c d', afterChunks: 2 });
    const res = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x', stream: true }),
    });
    const { events, messages, done } = await collectSse(res);
    assertValidStream(events, messages, done);
    const last = events.at(-1);
    assert.equal(last?.type, 'response.failed');
    assert.equal(last?.response.status, 'failed');
    assert.ok(last?.response.error.message);
  });

  it('aborts the upstream call when the client disconnects', async () => {
    openai.enqueue({ kind: 'slow', text: 'a b c d e f', chunks: ['a ', 'b ', 'c ', 'd ', 'e ', 'f'], gapMs: 200 });
    const controller = new AbortController();
    const aborted = openai.nextAbort();
    const res = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x', stream: true }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await aborted;
    assert.equal(openai.abortedResponses, 1);
  });

  it('rejects bad input with 4xx errors naming the field', async () => {
    const cases: [unknown, number, string | null][] = [
      [{ input: 'x' }, 400, 'model'],
      [{ model: 'gpt-4o-mini', input: 5 }, 400, 'input'],
      [{ model: 'gpt-4o-mini', input: [{ role: 'robot', content: 'x' }] }, 400, 'input[0].role'],
      [{ model: 'gpt-4o-mini', input: 'x', temperature: 'hot' }, 400, 'temperature'],
      [{ model: 'gpt-4o-mini', input: 'x', tools: [{ name: 'no_type' }] }, 400, 'tools[0].type'],
      [{ model: 'no-such-model', input: 'x' }, 404, 'model'],
    ];
    for (const [body, status, param] of cases) {
      const res = await fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = await res.json();
      assert.equal(res.status, status, JSON.stringify(json));
      assertValidError(json);
      assert.equal(json.error.param, param);
    }
    const malformed = await fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model":' });
    assert.equal(malformed.status, 400);
    assertValidError(await malformed.json());
    const huge = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x'.repeat(11 * 1024 * 1024) }),
    });
    assert.equal(huge.status, 413);
    assertValidError(await huge.json());
    assert.equal(openai.requests.length, 0, 'nothing reached the vendor');
  });

  it('lists configured models for the SDK', async () => {
    const models = await client.models.list();
    const ids = models.data.map((model) => model.id);
    assert.deepEqual(ids, ['gpt-4o-mini', 'azure-gpt']);
    assert.equal((models.data[1] as unknown as { provider: string }).provider, 'azure');
  });
});
