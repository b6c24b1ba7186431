import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { FakeGemini } from '../fakes/fake-gemini';
import { RunningGateway, gatewayClient, startGateway } from '../support/gateway-harness';
import { assertValidResponse } from '../support/spec-assertions';

const WEATHER_TOOL = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

/** The openai SDK as the client, a gemini- model routed by prefix to the provider named `google` (no models entry). */
describe('Gemini through the gateway, driven by the openai SDK', () => {
  const gemini = new FakeGemini('gemini', 'AIza-test');
  let gateway: RunningGateway;
  let client: OpenAI;

  before(async () => {
    await gemini.start();
    gateway = await startGateway({ providers: { google: { api_key: 'AIza-test', endpoint: gemini.url, max_retries: 0 } } });
    client = gatewayClient(gateway);
  });
  after(async () => {
    await gateway.close();
    await gemini.stop();
  });
  beforeEach(() => gemini.reset());

  it('answers without streaming through generateContent', async () => {
    gemini.enqueue({ kind: 'text', text: 'Hello from Gemini.', usage: { inputTokens: 30, outputTokens: 12, cachedTokens: 10, reasoningTokens: 4 } });
    const response = await client.responses.create({ model: 'gemini-2.5-flash', instructions: 'Be kind.', input: 'Hi' });
    assertValidResponse(response);
    assert.equal(response.output_text, 'Hello from Gemini.');
    assert.equal(response.model, 'gemini-2.5-flash');
    assert.deepEqual(response.usage, {
      input_tokens: 30,
      output_tokens: 12,
      total_tokens: 42,
      input_tokens_details: { cached_tokens: 10 },
      output_tokens_details: { reasoning_tokens: 4 },
    });
    const upstream = gemini.requests[0];
    assert.equal(upstream.path, '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.equal(upstream.headers['x-goog-api-key'], 'AIza-test');
    assert.deepEqual(upstream.body.systemInstruction, { parts: [{ text: 'Be kind.' }] });
    assert.deepEqual(upstream.body.contents, [{ role: 'user', parts: [{ text: 'Hi' }] }]);
  });

  it('streams through streamGenerateContent?alt=sse', async () => {
    gemini.enqueue({ kind: 'text', text: 'one two three', chunks: ['one ', 'two ', 'three'] });
    const stream = await client.responses.create({ model: 'gemini-2.5-flash', input: 'count', stream: true });
    const deltas: string[] = [];
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') deltas.push(event.delta);
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.deepEqual(deltas, ['one ', 'two ', 'three']);
    assert.ok(completed);
    const [message] = completed.output;
    assert.ok(message.type === 'message' && message.content[0].type === 'output_text');
    assert.equal(message.content[0].text, 'one two three');
    assert.equal(gemini.requests[0].path, '/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    assert.equal(gemini.requests[0].query.get('alt'), 'sse');
  });

  it('round-trips a tool call across turns: generated call id, function name and thought signature', async () => {
    gemini.thoughtSignature = 'c2lnbmF0dXJlLWJ5dGVz';
    gemini.enqueue({ kind: 'tool_calls', calls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const first = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Weather in Paris?', tools: [WEATHER_TOOL] });
    assertValidResponse(first);
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    assert.match(call.call_id, /^call_/);
    assert.equal(first.status, 'completed');

    gemini.enqueue({ kind: 'text', text: 'Sunny.' });
    const second = await client.responses.create({
      model: 'gemini-2.5-flash',
      previous_response_id: first.id,
      tools: [WEATHER_TOOL],
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"sky":"sunny"}' }],
    });
    assert.equal(second.output_text, 'Sunny.');
    assert.deepEqual(gemini.requests[1].body.contents, [
      { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnbmF0dXJlLWJ5dGVz' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: { sky: 'sunny' } } } }] },
    ]);
  });

  it('turns a Gemini 429 into a 429 with Retry-After from RetryInfo', async () => {
    gemini.enqueue({ kind: 'error', status: 429, message: 'Resource has been exhausted (e.g. check quota).', retryAfter: 20 });
    const res = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', input: 'x' }),
    });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '20');
    assert.match((await res.json()).error.message, /Resource has been exhausted/);
  });
});
