import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AIMessageChunk, HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import OpenAI, { APIError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { SixProviders } from '../support/six-providers';

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

/**
 * POST /v1/chat/completions through the official `openai` SDK's chat.completions and LangChain's default
 * `ChatOpenAI` (Chat Completions), on every provider's fake behind one gateway: JSON and streamed answers with
 * usage, a tool loop, structured output, and OpenAI's error shape.
 */
describe('Chat Completions → gateway', () => {
  const six = new SixProviders();
  let client: OpenAI;
  let baseURL: string;

  before(async () => {
    const gateway = await six.start();
    baseURL = `${gateway.url}/v1`;
    client = new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => six.stop());
  beforeEach(() => six.reset());

  for (const { fixture, fake, model, generations } of six.providers) {
    describe(fixture.name, () => {
      it('answers chat.completions.create with a chat.completion and its usage', async () => {
        fake.enqueue({ kind: 'text', text: 'Hello from the gateway.', usage: { inputTokens: 20, outputTokens: 6, cachedTokens: 4, reasoningTokens: 2 } });
        const completion = await client.chat.completions.create({
          model,
          messages: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'Hi' },
          ],
        });
        assert.equal(completion.object, 'chat.completion');
        assert.match(completion.id, /^chatcmpl-/);
        assert.equal(completion.model, model);
        assert.equal(completion.choices[0].message.role, 'assistant');
        assert.equal(completion.choices[0].message.content, 'Hello from the gateway.');
        assert.equal(completion.choices[0].finish_reason, 'stop');
        assert.equal(completion.usage?.prompt_tokens, 20);
        assert.equal(completion.usage?.completion_tokens, 6);
        assert.equal(completion.usage?.prompt_tokens_details?.cached_tokens, 4);
        assert.equal(completion.usage?.completion_tokens_details?.reasoning_tokens, 2);
        const sent = generations()[0];
        assert.ok(fixture.read.system(sent) === 'Be brief.' || fixture.read.turns(sent).some(({ text }) => text === 'Be brief.'), 'the system message reaches the vendor');
        assert.deepEqual(fixture.read.turns(generations()[0]).at(-1), { role: 'user', text: 'Hi' });
      });

      it('streams chat.completion.chunks: the role first, the text, finish_reason, then the usage chunk', async () => {
        fake.enqueue({ kind: 'text', text: 'one two three' });
        const stream = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Count' }], stream: true, stream_options: { include_usage: true } });
        const chunks: ChatCompletionChunk[] = [];
        for await (const chunk of stream) chunks.push(chunk);
        assert.equal(chunks[0].choices[0].delta.role, 'assistant');
        assert.equal(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''), 'one two three');
        assert.ok(chunks.length >= 5, 'the text arrives in pieces');
        const last = chunks.at(-1)!;
        assert.deepEqual(last.choices, []);
        assert.equal(last.usage?.total_tokens, 19);
        assert.equal(chunks.at(-2)?.choices[0].finish_reason, 'stop');
        assert.ok(chunks.slice(0, -1).every((chunk) => chunk.usage === null));
        assert.ok(fixture.read.streamed(generations()[0]), 'the gateway streamed from the vendor');
      });

      it('runs a tool loop: tool_calls, then the tool message back, streamed by index', async () => {
        fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_cc1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
        fake.enqueue({ kind: 'text', text: 'Sunny in Oslo.' });
        const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];
        const stream = await client.chat.completions.create({ model, messages, tools: [weatherTool], stream: true });
        const calls: { id?: string; name?: string; arguments: string }[] = [];
        let finish: string | null = null;
        for await (const chunk of stream) {
          for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
            calls[call.index] ??= { arguments: '' };
            if (call.id) Object.assign(calls[call.index], { id: call.id, name: call.function?.name });
            calls[call.index].arguments += call.function?.arguments ?? '';
          }
          finish = chunk.choices[0]?.finish_reason ?? finish;
        }
        assert.equal(finish, 'tool_calls');
        assert.equal(calls.length, 1);
        assert.equal(calls[0].name, 'get_weather');
        assert.deepEqual(JSON.parse(calls[0].arguments), { city: 'Oslo' });
        messages.push(
          { role: 'assistant', content: null, tool_calls: [{ id: calls[0].id!, type: 'function', function: { name: 'get_weather', arguments: calls[0].arguments } }] },
          { role: 'tool', tool_call_id: calls[0].id!, content: 'sunny, 21C' },
        );
        const answer = await client.chat.completions.create({ model, messages, tools: [weatherTool] });
        assert.equal(answer.choices[0].message.content, 'Sunny in Oslo.');
        assert.deepEqual(fixture.read.toolNames(generations()[0]), ['get_weather']);
        assert.match(fixture.read.toolResults(generations()[1])[0].output, /sunny, 21C/);
      });

      it('asks for structured output with response_format json_schema', async () => {
        fake.enqueue({ kind: 'text', text: '{"city":"Oslo"}' });
        const completion = await client.chat.completions.create({
          model,
          messages: [{ role: 'user', content: 'Where?' }],
          response_format: { type: 'json_schema', json_schema: { name: 'place', strict: true, schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } } },
          max_completion_tokens: 50,
        });
        assert.deepEqual(JSON.parse(completion.choices[0].message.content ?? ''), { city: 'Oslo' });
        assert.ok(fixture.read.structuredOutput(generations()[0]));
        assert.equal(fixture.read.maxTokens(generations()[0]), 50);
      });

      it('makes a tool round trip with LangChain ChatOpenAI (Chat Completions) bindTools, invoked and streamed', async () => {
        const getWeather = tool(({ city }: { city: string }) => `sunny in ${city}`, { name: 'get_weather', description: 'Current weather for a city', schema: z.object({ city: z.string() }) });
        const paths: string[] = [];
        const recordingFetch: typeof fetch = (input, init) => {
          paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
          return fetch(input, init);
        };
        const chat = new ChatOpenAI({ model, apiKey: 'unused', configuration: { baseURL, fetch: recordingFetch }, maxRetries: 0 }).bindTools([getWeather]);
        fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_lc1', name: 'get_weather', arguments: '{"city":"Bergen"}' }] });
        fake.enqueue({ kind: 'text', text: 'It is sunny in Bergen.' });
        const question = new HumanMessage('Weather in Bergen?');
        let call: AIMessageChunk | undefined;
        for await (const chunk of await chat.stream([question])) call = call ? call.concat(chunk) : chunk;
        assert.deepEqual(call?.tool_calls?.map(({ name, args }) => ({ name, args })), [{ name: 'get_weather', args: { city: 'Bergen' } }]);
        const output = await getWeather.invoke(call.tool_calls[0]);
        const answer = await chat.invoke([question, call, output]);
        assert.equal(answer.text, 'It is sunny in Bergen.');
        assert.ok(fixture.read.streamed(generations()[0]), 'the streamed call streamed from the vendor');
        assert.match(fixture.read.toolResults(generations()[1])[0].output, /sunny in Bergen/);
        assert.deepEqual(paths, ['/v1/chat/completions', '/v1/chat/completions'], 'LangChain used Chat Completions');
      });
    });
  }

  it("answers a request it cannot serve with OpenAI's error shape, naming the field", async () => {
    const { model } = six.providers[0];
    await assert.rejects(
      client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], n: 2 }),
      (error: unknown) => error instanceof APIError && error.status === 400 && error.param === 'n' && error.code === 'unsupported_parameter' && error.type === 'invalid_request_error',
    );
    const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [] }) });
    const body = (await response.json()) as { error: Record<string, unknown> };
    assert.equal(response.status, 400);
    assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message', 'param', 'type']);
    assert.equal(body.error.param, 'messages');
  });

  it('refuses stop on a provider whose API has none, naming it (the parameter rule)', async () => {
    const openai = six.providers.find(({ fixture }) => fixture.name === 'openai')!;
    await assert.rejects(
      client.chat.completions.create({ model: openai.model, messages: [{ role: 'user', content: 'Hi' }], stop: ['END'] }),
      (error: unknown) => error instanceof APIError && error.status === 400 && error.param === 'stop',
    );
    const google = six.providers.find(({ fixture }) => fixture.name === 'google')!;
    google.fake.enqueue({ kind: 'text', text: 'ok' });
    await client.chat.completions.create({ model: google.model, messages: [{ role: 'user', content: 'Hi' }], stop: ['END'], seed: 4 });
    assert.deepEqual(google.generations()[0].body.generationConfig?.stopSequences, ['END']);
  });
});
