import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { FakeAnthropic } from '../fakes/fake-anthropic';
import { RunningGateway, gatewayClient, startGateway } from '../support/gateway-harness';
import { assertValidResponse } from '../support/spec-assertions';

/** The openai SDK, unchanged, against a Claude model that routes by its `claude-` prefix (no `models` entry). */
describe('openai SDK client → gateway → Anthropic, routed by model prefix', () => {
  const anthropic = new FakeAnthropic('anthropic', 'sk-ant');
  const model = 'claude-sonnet-4-6';
  let gateway: RunningGateway;
  let client: OpenAI;

  before(async () => {
    await anthropic.start();
    gateway = await startGateway({
      providers: { anthropic: { type: 'anthropic', api_key: 'sk-ant', endpoint: anthropic.url, default_max_tokens: 2048, max_retries: 0 } },
    });
    client = gatewayClient(gateway);
  });
  after(async () => {
    await gateway.close();
    await anthropic.stop();
  });
  beforeEach(() => anthropic.reset());

  it('answers responses.create with a spec-valid response and the provider default max_tokens', async () => {
    anthropic.enqueue({ kind: 'text', text: 'Hello from Claude.', usage: { inputTokens: 30, outputTokens: 5, cachedTokens: 10 } });
    const response = await client.responses.create({ model, instructions: 'Be brief.', input: 'Hi' });
    assertValidResponse(response);
    assert.equal(response.output_text, 'Hello from Claude.');
    assert.equal(response.model, model);
    assert.deepEqual(response.usage?.input_tokens_details, { cached_tokens: 10 });
    assert.equal(response.usage?.input_tokens, 30);
    const upstream = anthropic.requests[0];
    assert.equal(upstream.path, '/v1/messages');
    assert.ok(upstream.headers['anthropic-version']);
    assert.equal(upstream.body.max_tokens, 2048);
    assert.equal(upstream.body.system, 'Be brief.');
    assert.equal(upstream.body.model, model);
  });

  it('streams through the SDK', async () => {
    anthropic.enqueue({ kind: 'text', text: 'one two three' });
    const stream = await client.responses.create({ model, input: 'count', stream: true });
    let text = '';
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    assert.equal(text, 'one two three');
    assert.equal(types.at(-1), 'response.completed');
  });

  it('replays thinking with its signature and the tool round trip through previous_response_id', async () => {
    anthropic.enqueue({ kind: 'text', text: 'Let me look.', reasoning: 'The user wants the weather.' });
    const first = await client.responses.create({ model, input: 'Weather?', reasoning: { effort: 'low' } });
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    assert.ok(reasoning, 'a reasoning item');
    assert.deepEqual(anthropic.requests[0].body.thinking, { type: 'enabled', budget_tokens: 1024 });

    anthropic.enqueue({ kind: 'tool_calls', calls: [{ id: 'toolu_9', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: false }];
    const second = await client.responses.create({ model, previous_response_id: first.id, input: 'In Oslo', tools, reasoning: { effort: 'low' } });
    const call = second.output.find((item) => item.type === 'function_call');
    assert.ok(call && call.type === 'function_call');
    assert.equal(call.call_id, 'toolu_9');

    anthropic.enqueue({ kind: 'text', text: 'Sunny in Oslo.' });
    const third = await client.responses.create({
      model,
      previous_response_id: second.id,
      tools,
      input: [{ type: 'function_call_output', call_id: 'toolu_9', output: '{"sky":"sunny"}' }],
    });
    assert.equal(third.output_text, 'Sunny in Oslo.');
    const messages = anthropic.requests[2].body.messages;
    assert.deepEqual(messages.map((message: any) => message.role), ['user', 'assistant', 'user', 'assistant', 'user']);
    assert.deepEqual(messages[1].content[0], { type: 'thinking', thinking: 'The user wants the weather.', signature: 'sig_fake1' });
    assert.deepEqual(messages[3].content, [{ type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { city: 'Oslo' } }]);
    assert.deepEqual(messages[4].content, [{ type: 'tool_result', tool_use_id: 'toolu_9', content: '{"sky":"sunny"}' }]);
  });

  it('refuses what Anthropic cannot do with a 400 naming the parameter and the provider', async () => {
    await assert.rejects(
      client.responses.create({ model, input: 'x', temperature: 0.2 }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /'temperature' is not supported by provider 'anthropic'/.test(error.message),
    );
    assert.equal(anthropic.requests.length, 0, 'nothing was sent upstream');
  });
});
