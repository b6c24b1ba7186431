import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { ResponseFunctionToolCall, ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, gatewayClient, startGateway } from '../support/gateway-harness';

/**
 * A server that speaks only Chat Completions (vLLM, Ollama, Groq…) as `type: openai` with `api: chat_completions`,
 * behind the Open Responses API: the openai SDK's responses.create, plain and streamed, and a tool round trip,
 * each reaching the fake as POST /v1/chat/completions.
 */
describe('api: chat_completions provider behind /v1/responses', () => {
  const vllm = new FakeOpenAI('openai', 'sk-vllm');
  let gateway: RunningGateway;
  let client: OpenAI;

  before(async () => {
    await vllm.start();
    gateway = await startGateway({
      providers: { vllm: { type: 'openai', api: 'chat_completions', api_key: 'sk-vllm', endpoint: `${vllm.url}/v1`, max_retries: 0 } },
      models: [{ name: 'llama', provider: 'vllm', provider_model_id: 'meta-llama/Llama-3.1-8B-Instruct' }],
    });
    client = gatewayClient(gateway);
  });
  after(async () => {
    await gateway.close();
    await vllm.stop();
  });
  beforeEach(() => vllm.reset());

  it('answers a response from a chat completion', async () => {
    vllm.enqueue({ kind: 'text', text: 'Hello from vLLM.', usage: { inputTokens: 9, outputTokens: 4, cachedTokens: 2 } });
    const response = await client.responses.create({ model: 'llama', instructions: 'Be brief.', input: 'Hi' });
    assert.equal(response.output_text, 'Hello from vLLM.');
    assert.equal(response.usage?.input_tokens, 9);
    assert.equal(response.usage?.input_tokens_details.cached_tokens, 2);
    const [sent] = vllm.requests;
    assert.equal(sent.path, '/v1/chat/completions');
    assert.deepEqual(sent.body, {
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      stream: false,
    });
  });

  it('streams upstream when the client streams, with the usage asked for', async () => {
    vllm.enqueue({ kind: 'text', text: 'one two three' });
    const stream = await client.responses.create({ model: 'llama', input: 'Count', stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
    assert.deepEqual(deltas, ['one ', 'two ', 'three']);
    const completed = events.at(-1);
    assert.equal(completed?.type, 'response.completed');
    assert.equal(completed?.type === 'response.completed' && completed.response.usage?.total_tokens, 19);
    assert.equal(vllm.requests[0].body.stream, true);
    assert.deepEqual(vllm.requests[0].body.stream_options, { include_usage: true });
  });

  it('makes a tool round trip: the call from tool_calls deltas, its output back as a tool message', async () => {
    vllm.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_v1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
    vllm.enqueue({ kind: 'text', text: 'Sunny in Oslo.' });
    const tools = [{ type: 'function' as const, name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }];
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const stream = await client.responses.create({ model: 'llama', input, tools, stream: true, store: false });
    let call: ResponseFunctionToolCall | undefined;
    for await (const event of stream) if (event.type === 'response.output_item.done' && event.item.type === 'function_call') call = event.item;
    assert.ok(call);
    assert.equal(call.call_id, 'call_v1');
    assert.deepEqual(JSON.parse(call.arguments), { city: 'Oslo' });
    const answer = await client.responses.create({
      model: 'llama',
      input: [...input, { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments }, { type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
      tools,
    });
    assert.equal(answer.output_text, 'Sunny in Oslo.');
    assert.deepEqual(vllm.requests[1].body.messages.slice(1), [
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_v1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_v1', content: 'sunny' },
    ]);
    assert.deepEqual(vllm.requests[0].body.tools, [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: tools[0].parameters } }]);
  });
});
