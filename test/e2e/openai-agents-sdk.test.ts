import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { Agent, OpenAIProvider, Runner, tool } from '@openai/agents';
import { z } from 'zod';
import { gatewayClient } from '../support/gateway-harness';
import { SixProviders } from '../support/six-providers';

/**
 * The OpenAI Agents SDK (`@openai/agents`, its Responses model) with the gateway as its OpenAI client, on every
 * provider's fake: a function-tool agent run plain and streamed, and a conversation carried on both ways the
 * SDK offers (the whole history sent back, and `previousResponseId` against the gateway's store).
 */
describe('OpenAI Agents SDK → gateway', () => {
  const six = new SixProviders();
  let runner: Runner;
  let toolCalls: string[] = [];

  const getWeather = tool({
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => {
      toolCalls.push(city);
      return Promise.resolve(`sunny in ${city}`);
    },
  });

  before(async () => {
    const gateway = await six.start();
    // Tracing off: the SDK would otherwise export traces to OpenAI.
    runner = new Runner({ modelProvider: new OpenAIProvider({ openAIClient: gatewayClient(gateway), useResponses: true }), tracingDisabled: true });
  });
  after(() => six.stop());
  beforeEach(() => {
    six.reset();
    toolCalls = [];
  });

  for (const { fixture, fake, model, generations } of six.providers) {
    describe(fixture.name, () => {
      const agent = () => new Agent({ name: 'Forecaster', instructions: 'You answer weather questions.', model, tools: [getWeather] });

      it('runs a function-tool agent', async () => {
        fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_a1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
        fake.enqueue({ kind: 'text', text: 'It is sunny in Oslo.' });
        const result = await runner.run(agent(), 'Weather in Oslo?');
        assert.equal(result.finalOutput, 'It is sunny in Oslo.');
        assert.deepEqual(toolCalls, ['Oslo']);
        const [asked, answered] = generations();
        assert.equal(fixture.read.system(asked), 'You answer weather questions.');
        assert.deepEqual(fixture.read.toolNames(asked), ['get_weather']);
        assert.deepEqual(
          fixture.read.toolResults(answered).map((result) => result.output),
          [fixture.generatesCallIds ? '{"output":"sunny in Oslo"}' : 'sunny in Oslo'],
          'the tool output reaches the vendor',
        );
      });

      it('runs a function-tool agent, streamed', async () => {
        fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_a2', name: 'get_weather', arguments: '{"city":"Bergen"}' }] });
        fake.enqueue({ kind: 'text', text: 'Sunny in Bergen, too.' });
        const stream = await runner.run(agent(), 'Weather in Bergen?', { stream: true });
        const deltas: string[] = [];
        for await (const delta of stream.toTextStream()) deltas.push(delta);
        await stream.completed;
        assert.equal(deltas.join(''), 'Sunny in Bergen, too.');
        assert.ok(deltas.length > 1, 'the text arrives in pieces');
        assert.equal(stream.finalOutput, 'Sunny in Bergen, too.');
        assert.deepEqual(toolCalls, ['Bergen']);
        assert.equal(fixture.read.toolResults(generations()[1]).length, 1);
        assert.ok(generations().every((request) => fixture.read.streamed(request)), 'the gateway streamed from the vendor');
      });

      it('carries a conversation on with the history sent back', async () => {
        fake.enqueue({ kind: 'text', text: 'Hello, Ada.' });
        const first = await runner.run(agent(), 'My name is Ada.');
        fake.enqueue({ kind: 'text', text: 'Your name is Ada.' });
        const second = await runner.run(agent(), [...first.history, { role: 'user', content: 'What is my name?' }]);
        assert.equal(second.finalOutput, 'Your name is Ada.');
        assert.deepEqual(fixture.read.turns(generations()[1]), [
          { role: 'user', text: 'My name is Ada.' },
          { role: 'assistant', text: 'Hello, Ada.' },
          { role: 'user', text: 'What is my name?' },
        ]);
      });

      it('carries a conversation on with previousResponseId', async () => {
        fake.enqueue({ kind: 'text', text: 'Hello, Ada.' });
        const first = await runner.run(agent(), 'My name is Ada.');
        assert.ok(first.lastResponseId, 'the gateway answered with a response id');
        fake.enqueue({ kind: 'text', text: 'Your name is Ada.' });
        const second = await runner.run(agent(), 'What is my name?', { previousResponseId: first.lastResponseId });
        assert.equal(second.finalOutput, 'Your name is Ada.');
        assert.deepEqual(fixture.read.turns(generations()[1]), [
          { role: 'user', text: 'My name is Ada.' },
          { role: 'assistant', text: 'Hello, Ada.' },
          { role: 'user', text: 'What is my name?' },
        ]);
      });
    });
  }
});
