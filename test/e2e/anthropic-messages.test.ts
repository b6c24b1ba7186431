import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages/messages';
import type { FakeGemini } from '../fakes/fake-gemini';
import { countedTokens } from '../fakes/scenario';
import { ProviderUnderTest, SixProviders } from '../support/six-providers';

const weather: Tool = {
  name: 'get_weather',
  description: 'Current weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

type Family = 'openai' | 'anthropic' | 'gemini';

function familyOf({ fixture }: ProviderUnderTest): Family {
  if (fixture.name.includes('anthropic')) return 'anthropic';
  if (fixture.name.includes('openai')) return 'openai';
  return 'gemini';
}

/**
 * The official `@anthropic-ai/sdk`, unchanged, against the gateway's POST /v1/messages and /count_tokens, on all
 * six providers: every call goes through the one pipeline to each vendor's fake.
 */
describe('@anthropic-ai/sdk → /v1/messages on every provider', () => {
  const six = new SixProviders();
  let client: Anthropic;

  before(async () => {
    const gateway = await six.start();
    client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => six.stop());
  beforeEach(() => six.reset());

  for (const provider of six.providers) {
    const { model } = provider.fixture;
    const { read } = provider.fixture;

    describe(provider.fixture.name, () => {
      it('messages.create: the system prompt and turns reach the vendor; the answer is a Message', async () => {
        provider.fake.enqueue({ kind: 'text', text: 'Hello from the vendor.', usage: { inputTokens: 30, outputTokens: 5, cachedTokens: 10 } });
        const message = await client.messages.create({
          model,
          max_tokens: 256,
          system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
          messages: [{ role: 'user', content: 'Hi' }],
          metadata: { user_id: 'user-7' },
        });
        assert.equal(message.type, 'message');
        assert.equal(message.role, 'assistant');
        assert.match(message.id, /^msg_/);
        assert.equal(message.model, model);
        assert.deepEqual(message.content, [{ type: 'text', text: 'Hello from the vendor.', citations: null }]);
        assert.equal(message.stop_reason, 'end_turn');
        assert.equal(message.stop_sequence, null);
        assert.deepEqual([message.usage.input_tokens, message.usage.cache_read_input_tokens, message.usage.output_tokens], [20, 10, 5]);
        const [sent] = provider.generations();
        assert.equal(read.system(sent), 'Be brief.');
        assert.deepEqual(read.turns(sent), [{ role: 'user', text: 'Hi' }]);
        assert.equal(read.maxTokens(sent), 256);
        assert.equal(read.streamed(sent), false);
      });

      it('messages.stream: text deltas as they come, and finalMessage', async () => {
        provider.fake.enqueue({ kind: 'text', text: 'one two three' });
        const stream = client.messages.stream({ model, max_tokens: 64, messages: [{ role: 'user', content: 'count' }] });
        const deltas: string[] = [];
        stream.on('text', (delta) => deltas.push(delta));
        const final = await stream.finalMessage();
        assert.equal(deltas.join(''), 'one two three');
        assert.ok(deltas.length > 1, 'more than one delta');
        assert.deepEqual(final.content, [{ type: 'text', text: 'one two three', citations: null }]);
        assert.equal(final.stop_reason, 'end_turn');
        assert.equal(final.usage.output_tokens, 7);
        assert.equal(final.usage.input_tokens, 12);
        assert.equal(read.streamed(provider.generations()[0]), true);
      });

      it('a tool loop: tool_use with its input object, then the tool_result reaches the vendor', async () => {
        provider.fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
        const messages: MessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];
        const stream = client.messages.stream({ model, max_tokens: 256, tools: [weather], tool_choice: { type: 'auto' }, messages });
        const first = await stream.finalMessage();
        assert.equal(first.stop_reason, 'tool_use');
        const use = first.content.find((block) => block.type === 'tool_use');
        assert.ok(use && use.type === 'tool_use');
        assert.equal(use.name, 'get_weather');
        assert.deepEqual(use.input, { city: 'Oslo' });
        assert.deepEqual(read.toolNames(provider.generations()[0]), ['get_weather']);

        provider.fake.enqueue({ kind: 'text', text: 'Sunny in Oslo.' });
        const second = await client.messages.create({
          model,
          max_tokens: 256,
          tools: [weather],
          messages: [...messages, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'sunny' }] }],
        });
        assert.deepEqual(second.content, [{ type: 'text', text: 'Sunny in Oslo.', citations: null }]);
        const results = read.toolResults(provider.generations()[1]);
        assert.equal(results.length, 1);
        assert.match(results[0].output, /sunny/);
        if (!provider.fixture.generatesCallIds) assert.equal(results[0].callId, 'call_w1');
      });

      it('thinking: the block comes with the signature the vendor gave, and sent back the vendor receives its own state', async () => {
        const family = familyOf(provider);
        if (family === 'gemini') {
          // Gemini signs the function call it thought before: the signature leads the tool_use block.
          (provider.fake as FakeGemini).thoughtSignature = 'Z2VtaW5pLXNpZ25hdHVyZQ==';
          provider.fake.enqueue({ kind: 'tool_calls', calls: [{ name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
        } else {
          provider.fake.enqueue({ kind: 'text', text: 'It is sunny.', reasoning: 'The user wants the weather.' });
        }
        const question: MessageParam = { role: 'user', content: 'Weather in Oslo?' };
        const stream = client.messages.stream({ model, max_tokens: 8192, thinking: { type: 'enabled', budget_tokens: 2048 }, tools: [weather], messages: [question] });
        const signatures: string[] = [];
        stream.on('streamEvent', (event) => {
          if (event.type === 'content_block_delta' && event.delta.type === 'signature_delta') signatures.push(event.delta.signature);
        });
        const first = await stream.finalMessage();
        const thinking = first.content.find((block) => block.type === 'thinking');
        assert.ok(thinking && thinking.type === 'thinking', JSON.stringify(first.content));
        assert.deepEqual(signatures, [thinking.signature]);
        if (family !== 'gemini') assert.equal(thinking.thinking, 'The user wants the weather.');
        const sentFirst = provider.generations()[0].body;
        if (family === 'anthropic') assert.deepEqual(sentFirst.thinking, { type: 'enabled', budget_tokens: 4096 });
        if (family === 'openai') assert.equal(sentFirst.reasoning.effort, 'medium');

        provider.fake.enqueue({ kind: 'text', text: 'Done.' });
        const follow: MessageParam =
          family === 'gemini'
            ? { role: 'user', content: [{ type: 'tool_result', tool_use_id: (first.content.find((block) => block.type === 'tool_use') as { id: string }).id, content: 'sunny' }] }
            : { role: 'user', content: 'Thanks.' };
        await client.messages.create({ model, max_tokens: 8192, thinking: { type: 'enabled', budget_tokens: 2048 }, tools: [weather], messages: [question, { role: 'assistant', content: first.content }, follow] });
        const sent = provider.generations()[1].body;
        if (family === 'anthropic') {
          assert.deepEqual(sent.messages[1].content[0], { type: 'thinking', thinking: 'The user wants the weather.', signature: 'sig_fake1' });
        } else if (family === 'openai') {
          const reasoning = (sent.input as { type: string }[]).find((item) => item.type === 'reasoning');
          assert.deepEqual(reasoning, { type: 'reasoning', id: 'rs_fake1', summary: [], encrypted_content: 'ENCRYPTED-rs_fake1' });
        } else {
          const call = sent.contents[1].parts.find((part: { functionCall?: unknown }) => part.functionCall);
          assert.equal(call.thoughtSignature, 'Z2VtaW5pLXNpZ25hdHVyZQ==');
        }
      });

      it('messages.countTokens: the vendor counts the system prompt, tools and messages', async () => {
        const counted = await client.messages.countTokens({ model, system: 'Be brief.', tools: [weather], messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
        const request = provider.fake.requests.at(-1);
        assert.ok(request);
        assert.match(request.path, /count_tokens$|input_tokens$|:countTokens$/);
        assert.equal(counted.input_tokens, countedTokens(request.body));
        assert.match(JSON.stringify(request.body), /Be brief\./);
        assert.match(JSON.stringify(request.body), /get_weather/);
        assert.match(JSON.stringify(request.body), /Weather in Oslo\?/);
      });
    });
  }

  it('errors have Anthropic’s shape: an unknown model is a not_found_error, a bad field an invalid_request_error naming it', async () => {
    await assert.rejects(
      client.messages.create({ model: 'no-such-model', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof Anthropic.NotFoundError);
        assert.deepEqual(Object.keys(error.error as object), ['type', 'error']);
        assert.equal((error.error as { error: { type: string } }).error.type, 'not_found_error');
        return true;
      },
    );
    const response = await fetch(`${six.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'unused', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: six.providers[0].model, max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'url', url: 'ftp://x' } }] }] }),
    });
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.equal(body.type, 'error');
    assert.equal(body.error.type, 'invalid_request_error');
    assert.match(body.error.message, /messages\[0\]\.content\[0\]\.source\.url/);
    const malformed = await fetch(`${six.gateway.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).error.type, 'invalid_request_error');
  });
});
