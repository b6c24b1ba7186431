import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createOpenAI } from '@ai-sdk/openai';
import { type ModelMessage, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import type { RunningGateway } from '../support/gateway-harness';
import { ThreeVendors } from '../support/three-vendors';

/**
 * The Vercel AI SDK (`ai` + `@ai-sdk/openai`, its Responses model), unchanged, driving the gateway on each
 * provider's fake: generate, stream, a tool loop, and the chat-history loop with `store` on (the SDK sends its
 * earlier answer back as an `item_reference`).
 */
describe('Vercel AI SDK → gateway', () => {
  const vendors = new ThreeVendors();
  const { openai, anthropic, gemini } = vendors;
  let gateway: RunningGateway;
  let provider: ReturnType<typeof createOpenAI>;
  let sentBodies: string[] = [];

  before(async () => {
    gateway = await vendors.start();
    // Records what the SDK sends the gateway, exactly as sent.
    const recordingFetch: typeof fetch = (input, init) => {
      if (typeof init?.body === 'string') sentBodies.push(init.body);
      return fetch(input, init);
    };
    provider = createOpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', fetch: recordingFetch });
  });
  after(() => vendors.stop());
  beforeEach(() => {
    vendors.reset();
    sentBodies = [];
  });

  const upstreams = { gpt: openai, claude: anthropic, gemini } as const;

  for (const model of ['gpt', 'claude', 'gemini'] as const) {
    describe(model, () => {
      it('generates text', async () => {
        upstreams[model].enqueue({ kind: 'text', text: 'Hello from the gateway.' });
        const result = await generateText({ model: provider.responses(model), prompt: 'Hi', maxRetries: 0 });
        assert.equal(result.text, 'Hello from the gateway.');
        assert.equal(result.finishReason, 'stop');
      });

      it('streams text', async () => {
        upstreams[model].enqueue({ kind: 'text', text: 'one two three' });
        const result = streamText({ model: provider.responses(model), prompt: 'Count', maxRetries: 0 });
        let text = '';
        for await (const delta of result.textStream) text += delta;
        assert.equal(text, 'one two three');
        assert.equal(await result.finishReason, 'stop');
      });

      it('runs a tool loop', async () => {
        upstreams[model].enqueue({ kind: 'tool_calls', calls: [{ id: 'call_w1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
        upstreams[model].enqueue({ kind: 'text', text: 'Sunny in Oslo.' });
        const seen: unknown[] = [];
        const result = await generateText({
          model: provider.responses(model),
          prompt: 'Weather in Oslo?',
          maxRetries: 0,
          stopWhen: stepCountIs(3),
          tools: {
            get_weather: tool({
              description: 'Current weather',
              inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
              execute: (input) => {
                seen.push(input);
                return Promise.resolve({ sky: 'sunny' });
              },
            }),
          },
        });
        assert.deepEqual(seen, [{ city: 'Oslo' }]);
        assert.equal(result.text, 'Sunny in Oslo.');
        assert.equal(result.steps.length, 2);
        assert.ok(JSON.stringify(upstreams[model].requests[1].body).includes('sunny'), 'the tool result reaches the vendor');
      });

      it('keeps a chat history with store on: the earlier answer goes back as an item_reference', async () => {
        upstreams[model].enqueue({ kind: 'text', text: 'Paris.' });
        const messages: ModelMessage[] = [{ role: 'user', content: 'Capital of France?' }];
        const first = await generateText({ model: provider.responses(model), messages, maxRetries: 0, providerOptions: { openai: { store: true } } });
        messages.push(...first.response.messages, { role: 'user', content: 'Its population?' });
        upstreams[model].enqueue({ kind: 'text', text: 'About two million.' });
        const second = await generateText({ model: provider.responses(model), messages, maxRetries: 0, providerOptions: { openai: { store: true } } });
        assert.equal(second.text, 'About two million.');
        const sentToGateway = sentBodies[1];
        assert.ok(sentToGateway.includes('"item_reference"'), `the SDK referenced its answer: ${sentToGateway}`);
        assert.ok(JSON.stringify(upstreams[model].requests[1].body).includes('Paris.'), 'the referenced answer reaches the vendor');
      });
    });
  }
});
