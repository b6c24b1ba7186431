import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOpenAI } from '@ai-sdk/openai';
import { type ModelMessage, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { SixProviders } from '../support/six-providers';

/**
 * The Vercel AI SDK (`ai` + `@ai-sdk/openai`, its Responses model), unchanged, driving the gateway on every
 * provider's fake: generate, stream, a tool loop (plain and streamed), and the chat-history loop with `store` on
 * (the SDK sends its earlier answer back as an `item_reference`).
 */
describe('Vercel AI SDK → gateway', () => {
  const six = new SixProviders();
  let provider: ReturnType<typeof createOpenAI>;
  let sentBodies: string[] = [];

  before(async () => {
    const gateway = await six.start();
    // Records what the SDK sends the gateway, exactly as sent.
    const recordingFetch: typeof fetch = (input, init) => {
      if (typeof init?.body === 'string') sentBodies.push(init.body);
      return fetch(input, init);
    };
    provider = createOpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', fetch: recordingFetch });
  });
  after(() => six.stop());
  beforeEach(() => {
    six.reset();
    sentBodies = [];
  });

  const weather = (seen: unknown[]) => ({
    get_weather: tool({
      description: 'Current weather',
      inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
      execute: (input) => {
        seen.push(input);
        return Promise.resolve({ sky: 'sunny' });
      },
    }),
  });

  for (const { fixture, fake, model, generations } of six.providers) {
    describe(fixture.name, () => {
      it('generates text', async () => {
        fake.enqueue({ kind: 'text', text: 'Hello from the gateway.' });
        const result = await generateText({ model: provider.responses(model), prompt: 'Hi', maxRetries: 0 });
        assert.equal(result.text, 'Hello from the gateway.');
        assert.equal(result.finishReason, 'stop');
        assert.deepEqual(fixture.read.turns(generations()[0]), [{ role: 'user', text: 'Hi' }]);
      });

      it('streams text', async () => {
        fake.enqueue({ kind: 'text', text: 'one two three' });
        const result = streamText({ model: provider.responses(model), prompt: 'Count', maxRetries: 0 });
        const deltas: string[] = [];
        for await (const delta of result.textStream) deltas.push(delta);
        assert.equal(deltas.join(''), 'one two three');
        assert.ok(deltas.length > 1, 'the text arrives in pieces');
        assert.equal(await result.finishReason, 'stop');
        assert.ok(fixture.read.streamed(generations()[0]), 'the gateway streamed from the vendor');
      });

      it('runs a tool loop', async () => {
        fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
        fake.enqueue({ kind: 'text', text: 'Sunny in Oslo.' });
        const seen: unknown[] = [];
        const result = await generateText({
          model: provider.responses(model),
          prompt: 'Weather in Oslo?',
          maxRetries: 0,
          stopWhen: stepCountIs(3),
          tools: weather(seen),
        });
        assert.deepEqual(seen, [{ city: 'Oslo' }]);
        assert.equal(result.text, 'Sunny in Oslo.');
        assert.equal(result.steps.length, 2);
        assert.deepEqual(fixture.read.toolNames(generations()[0]), ['get_weather'], 'the tool reaches the vendor by its name');
        const results = fixture.read.toolResults(generations()[1]);
        assert.equal(results.length, 1);
        assert.match(results[0].output, /sunny/, 'the tool result reaches the vendor');
      });

      it('runs a streamed tool loop', async () => {
        fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_w2', name: 'get_weather', arguments: '{"city":"Bergen"}' }] });
        fake.enqueue({ kind: 'text', text: 'Sunny in Bergen, too.' });
        const seen: unknown[] = [];
        const result = streamText({ model: provider.responses(model), prompt: 'Weather in Bergen?', maxRetries: 0, stopWhen: stepCountIs(3), tools: weather(seen) });
        let text = '';
        for await (const delta of result.textStream) text += delta;
        assert.deepEqual(seen, [{ city: 'Bergen' }]);
        assert.equal(text, 'Sunny in Bergen, too.');
        assert.equal((await result.steps).length, 2);
        assert.match(fixture.read.toolResults(generations()[1])[0].output, /sunny/);
      });

      it('keeps a chat history with store on: the earlier answer goes back as an item_reference', async () => {
        fake.enqueue({ kind: 'text', text: 'Paris.' });
        const messages: ModelMessage[] = [{ role: 'user', content: 'Capital of France?' }];
        const first = await generateText({ model: provider.responses(model), messages, maxRetries: 0, providerOptions: { openai: { store: true } } });
        messages.push(...first.response.messages, { role: 'user', content: 'Its population?' });
        fake.enqueue({ kind: 'text', text: 'About two million.' });
        const second = await generateText({ model: provider.responses(model), messages, maxRetries: 0, providerOptions: { openai: { store: true } } });
        assert.equal(second.text, 'About two million.');
        assert.ok(sentBodies[1].includes('"item_reference"'), `the SDK referenced its answer: ${sentBodies[1]}`);
        assert.deepEqual(fixture.read.turns(generations()[1]), [
          { role: 'user', text: 'Capital of France?' },
          { role: 'assistant', text: 'Paris.' },
          { role: 'user', text: 'Its population?' },
        ]);
      });
    });
  }
});
