import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { FakeUpstream } from '../fakes/fake-upstream';
import { RunningGateway, gatewayClient, postResponse, startGateway } from '../support/gateway-harness';
import { collectSse } from '../support/sse';
import { assertValidError, assertValidResponse, assertValidStream } from '../support/spec-assertions';
import { PROVIDER_FIXTURES } from './fixtures';

const TINY_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const WEATHER_TOOL = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};

/** One suite, every provider: the same requests through the gateway, each vendor's fake speaking its own protocol. */
for (const fixture of PROVIDER_FIXTURES) {
  describe(`provider contract: ${fixture.name}`, () => {
    let fake: FakeUpstream;
    let gateway: RunningGateway;
    let client: OpenAI;
    const post = (body: Record<string, unknown>, signal?: AbortSignal) => postResponse(gateway, { model: fixture.model, ...body }, {}, signal);
    const lastRequest = () => {
      const requests = fixture.generationRequests(fake);
      assert.ok(requests.length > 0, 'the vendor received a request');
      return requests[requests.length - 1];
    };

    before(async () => {
      fake = await fixture.createFake().start();
      gateway = await startGateway({
        // max_retries 0 and no breaker: the suite checks each vendor answer's mapping; retries, circuits and 429
        // cool-downs are test/traffic's business
        providers: { [fixture.name]: { ...fixture.providerConfig(fake.url), max_retries: 0, circuit_breaker: { enabled: false } } },
        models: [{ name: fixture.model, provider: fixture.name, provider_model_id: fixture.providerModelId ?? fixture.model }],
      });
      client = gatewayClient(gateway);
    });
    after(async () => {
      await gateway.close();
      await fake.stop();
    });
    beforeEach(() => fake.reset());

    it('plain text, not streamed', async () => {
      fake.enqueue({ kind: 'text', text: 'Hello, world.' });
      const response = await client.responses.create({ model: fixture.model, input: 'Say hello' });
      assertValidResponse(response);
      assert.equal(response.output_text, 'Hello, world.');
      assert.equal(response.status, 'completed');
      assert.equal(response.model, fixture.model);
      assert.equal(fixture.read.model(lastRequest()), fixture.providerModelId ?? fixture.model);
      assert.deepEqual(fixture.read.turns(lastRequest()), [{ role: 'user', text: 'Say hello' }]);
    });

    it('plain text, streamed as spec events', async () => {
      fake.enqueue({ kind: 'text', text: 'Hello streaming world', chunks: ['Hello ', 'streaming ', 'world'] });
      const res = await post({ input: 'Say hello', stream: true });
      assert.equal(res.status, 200);
      const { events, messages, done } = await collectSse(res);
      assertValidStream(events, messages, done);
      const deltas = events.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta);
      assert.equal(deltas.join(''), 'Hello streaming world');
      assert.ok(deltas.length >= 2, 'deltas arrive as the vendor sends them');
      const terminal = events.at(-1)!;
      assert.equal(terminal.type, 'response.completed');
      assert.equal(terminal.response.output[0].content[0].text, 'Hello streaming world');
    });

    it('system prompt from instructions and system / developer messages', async () => {
      fake.enqueue({ kind: 'text', text: 'ok' });
      await client.responses.create({
        model: fixture.model,
        instructions: 'Be brief.',
        input: [
          { role: 'developer', content: 'Answer in French.' },
          { role: 'user', content: 'Hi' },
        ],
      });
      const system = fixture.read.system(lastRequest()) ?? '';
      assert.match(system, /Be brief\./);
      const turns = fixture.read.turns(lastRequest());
      const everything = `${system} ${turns.map((turn) => turn.text).join(' ')}`;
      assert.match(everything, /Answer in French\./);
    });

    it('multi-turn history keeps order and roles', async () => {
      fake.enqueue({ kind: 'text', text: 'Blue.' });
      const response = await client.responses.create({
        model: fixture.model,
        input: [
          { role: 'user', content: 'My favourite colour is blue.' },
          { role: 'assistant', content: 'Noted.' },
          { role: 'user', content: 'What is my favourite colour?' },
        ],
      });
      assert.equal(response.output_text, 'Blue.');
      assert.deepEqual(fixture.read.turns(lastRequest()), [
        { role: 'user', text: 'My favourite colour is blue.' },
        { role: 'assistant', text: 'Noted.' },
        { role: 'user', text: 'What is my favourite colour?' },
      ]);
    });

    it('image input by data URL and by URL', async () => {
      fake.enqueue({ kind: 'text', text: 'A pixel.' });
      await client.responses.create({
        model: fixture.model,
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'Describe these' },
              { type: 'input_image', image_url: TINY_PNG, detail: 'auto' },
              { type: 'input_image', image_url: 'https://example.com/cat.png', detail: 'auto' },
            ],
          },
        ],
      });
      const images = fixture.read.images(lastRequest());
      assert.equal(images.length, 2);
      assert.ok(images.some((image) => TINY_PNG.endsWith(image) || image === TINY_PNG), 'base64 image data reached the vendor');
      assert.ok(images.includes('https://example.com/cat.png'), 'image URL reached the vendor');
    });

    it('tool call and tool-result round trip, not streamed', async () => {
      fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Paris"}' }] });
      const first = await client.responses.create({ model: fixture.model, input: 'Weather in Paris?', tools: [WEATHER_TOOL] });
      assertValidResponse(first);
      assert.deepEqual(fixture.read.toolNames(lastRequest()), ['get_weather']);
      const call = first.output.find((item) => item.type === 'function_call');
      assert.ok(call && call.type === 'function_call', 'a function_call item');
      assert.equal(call.name, 'get_weather');
      assert.deepEqual(JSON.parse(call.arguments), { city: 'Paris' });
      if (!fixture.generatesCallIds) assert.equal(call.call_id, 'call_w1');

      fake.enqueue({ kind: 'text', text: 'Sunny in Paris.' });
      const second = await client.responses.create({
        model: fixture.model,
        tools: [WEATHER_TOOL],
        input: [
          { role: 'user', content: 'Weather in Paris?' },
          { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
          { type: 'function_call_output', call_id: call.call_id, output: '{"sky":"sunny"}' },
        ],
      });
      assert.equal(second.output_text, 'Sunny in Paris.');
      const results = fixture.read.toolResults(lastRequest());
      assert.equal(results.length, 1);
      assert.match(results[0].output, /sunny/);
      if (!fixture.generatesCallIds) assert.equal(results[0].callId, call.call_id);
    });

    it('tool call streamed: added, argument deltas, done', async () => {
      fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_s1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
      const res = await post({ input: 'Weather in Oslo?', tools: [WEATHER_TOOL], stream: true });
      const { events, messages, done } = await collectSse(res);
      assertValidStream(events, messages, done);
      const added = events.find((event) => event.type === 'response.output_item.added' && event.item.type === 'function_call');
      assert.ok(added, 'function_call item added');
      assert.equal(added.item.name, 'get_weather');
      const deltas = events.filter((event) => event.type === 'response.function_call_arguments.delta').map((event) => event.delta).join('');
      assert.deepEqual(JSON.parse(deltas), { city: 'Oslo' });
      const argsDone = events.find((event) => event.type === 'response.function_call_arguments.done');
      assert.deepEqual(JSON.parse(argsDone!.arguments), { city: 'Oslo' });
      assert.equal(events.at(-1)!.type, 'response.completed');
    });

    it('parallel tool calls', async () => {
      fake.enqueue({
        kind: 'tool_calls',
        calls: [
          { id: 'call_p1', name: 'get_weather', arguments: '{"city":"Rome"}' },
          { id: 'call_p2', name: 'get_weather', arguments: '{"city":"Lima"}' },
        ],
      });
      const response = await client.responses.create({ model: fixture.model, input: 'Rome and Lima?', tools: [WEATHER_TOOL], parallel_tool_calls: true });
      const calls = response.output.filter((item) => item.type === 'function_call');
      assert.deepEqual(calls.map((item) => (item.type === 'function_call' ? JSON.parse(item.arguments).city : '')), ['Rome', 'Lima']);
      assert.equal(new Set(calls.map((item) => (item.type === 'function_call' ? item.call_id : ''))).size, 2, 'distinct call ids');
    });

    it('structured output with a json_schema', async () => {
      fake.enqueue({ kind: 'text', text: '{"name":"Ada","age":36}' });
      const response = await client.responses.create({
        model: fixture.model,
        input: 'Extract the person',
        text: {
          format: {
            type: 'json_schema',
            name: 'person',
            strict: true,
            schema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'], additionalProperties: false },
          },
        },
      });
      assert.deepEqual(JSON.parse(response.output_text), { name: 'Ada', age: 36 });
      assert.ok(fixture.read.structuredOutput(lastRequest()), 'the vendor was asked for schema-constrained JSON');
    });

    it('max tokens → incomplete with max_output_tokens', async () => {
      fake.enqueue({ kind: 'text', text: 'Once upon a', finish: 'length' });
      const response = await client.responses.create({ model: fixture.model, input: 'Tell a story', max_output_tokens: 3 });
      assertValidResponse(response);
      assert.equal(response.status, 'incomplete');
      assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
      assert.equal(fixture.read.maxTokens(lastRequest()), 3);
      fake.enqueue({ kind: 'text', text: 'Once upon a', finish: 'length' });
      const { events } = await collectSse(await post({ input: 'Tell a story', max_output_tokens: 3, stream: true }));
      assert.equal(events.at(-1)!.type, 'response.incomplete');
    });

    it('usage with cached tokens, streamed and not', async () => {
      const usage = { inputTokens: 100, outputTokens: 20, cachedTokens: 60 };
      fake.enqueue({ kind: 'text', text: 'cached', usage });
      const response = await client.responses.create({ model: fixture.model, input: 'x' });
      assert.equal(response.usage?.input_tokens_details.cached_tokens, 60);
      assert.equal(response.usage?.output_tokens, 20);
      assert.equal(response.usage?.total_tokens, (response.usage?.input_tokens ?? 0) + 20);
      assert.ok((response.usage?.input_tokens ?? 0) >= 100, 'input tokens include cached ones');
      fake.enqueue({ kind: 'text', text: 'cached', usage });
      const { events } = await collectSse(await post({ input: 'x', stream: true }));
      const streamed = events.at(-1)!.response.usage;
      assert.deepEqual(streamed, response.usage);
    });

    for (const [status, expected] of [
      [400, 400],
      [401, 401],
      [429, 429],
      [500, 502],
    ] as const) {
      it(`vendor ${status} → ${expected} with the vendor's message`, async () => {
        fake.enqueue({ kind: 'error', status, message: `vendor says ${status}`, retryAfter: status === 429 ? 9 : undefined });
        const res = await post({ input: 'x' });
        assert.equal(res.status, expected);
        const body = await res.json();
        assertValidError(body);
        assert.match(body.error.message, new RegExp(`vendor says ${status}`));
        if (status === 429) assert.equal(res.headers.get('retry-after'), '9');
      });
    }

    it('refuses parameters the vendor cannot honour with a 400 naming them', async () => {
      for (const { body, param } of fixture.unsupported ?? []) {
        const res = await post({ input: 'x', ...body });
        const json = await res.json();
        assert.equal(res.status, 400, JSON.stringify(json));
        assertValidError(json);
        assert.equal(json.error.param, param);
        assert.match(json.error.message, new RegExp(fixture.name));
      }
      assert.equal(fixture.generationRequests(fake).length, 0, 'nothing reached the vendor');
    });

    it('a cut stream ends with response.failed', async () => {
      fake.enqueue({ kind: 'cut', text: 'one two three four', afterChunks: 2 });
      const res = await post({ input: 'x', stream: true });
      assert.equal(res.status, 200);
      const { events, messages, done } = await collectSse(res);
      assertValidStream(events, messages, done);
      assert.equal(events.at(-1)!.type, 'response.failed');
      assert.equal(events.at(-1)!.response.status, 'failed');
    });

    it('a client abort aborts the upstream call', async () => {
      fake.enqueue({ kind: 'slow', text: 'a b c d e', chunks: ['a ', 'b ', 'c ', 'd ', 'e'], gapMs: 300 });
      const controller = new AbortController();
      const aborted = fake.nextAbort();
      const res = await post({ input: 'x', stream: true }, controller.signal);
      const reader = res.body!.getReader();
      await reader.read();
      controller.abort();
      await aborted;
      assert.equal(fake.abortedResponses, 1);
    });
  });
}
