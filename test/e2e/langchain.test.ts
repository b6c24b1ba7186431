import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AIMessage, AIMessageChunk, type BaseMessage, HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import { SixProviders } from '../support/six-providers';

/**
 * LangChain's `ChatOpenAI` (`@langchain/openai`) on the Responses API (`useResponsesApi: true`) with the gateway as
 * its base URL, on every provider's fake: invoke, stream, a tool round trip through `bindTools` (plain and
 * streamed), and a conversation sent back as LangChain messages.
 */
describe('LangChain ChatOpenAI (Responses API) → gateway', () => {
  const six = new SixProviders();
  let baseURL: string;

  const getWeather = tool(({ city }: { city: string }) => `sunny in ${city}`, {
    name: 'get_weather',
    description: 'Current weather for a city',
    schema: z.object({ city: z.string() }),
  });

  before(async () => {
    baseURL = `${(await six.start()).url}/v1`;
  });
  after(() => six.stop());
  beforeEach(() => six.reset());

  for (const { fixture, fake, model, generations } of six.providers) {
    describe(fixture.name, () => {
      const chat = () => new ChatOpenAI({ model, apiKey: 'unused', configuration: { baseURL }, useResponsesApi: true, maxRetries: 0 });

      it('invokes', async () => {
        fake.enqueue({ kind: 'text', text: 'Hello from the gateway.' });
        const answer = await chat().invoke('Hi');
        assert.equal(answer.text, 'Hello from the gateway.');
        assert.deepEqual(fixture.read.turns(generations()[0]), [{ role: 'user', text: 'Hi' }]);
      });

      it('streams', async () => {
        fake.enqueue({ kind: 'text', text: 'one two three' });
        const pieces: string[] = [];
        for await (const chunk of await chat().stream('Count')) if (chunk.text) pieces.push(chunk.text);
        assert.equal(pieces.join(''), 'one two three');
        assert.ok(pieces.length > 1, 'the text arrives in pieces');
        assert.ok(fixture.read.streamed(generations()[0]), 'the gateway streamed from the vendor');
      });

      it('makes a tool round trip with bindTools', async () => {
        fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_l1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
        fake.enqueue({ kind: 'text', text: 'It is sunny in Oslo.' });
        const withTools = chat().bindTools([getWeather]);
        const question = new HumanMessage('Weather in Oslo?');
        const call = await withTools.invoke([question]);
        assert.equal(call.tool_calls?.length, 1);
        assert.equal(call.tool_calls[0].name, 'get_weather');
        assert.deepEqual(call.tool_calls[0].args, { city: 'Oslo' });
        const output = await getWeather.invoke(call.tool_calls[0]);
        const answer = await withTools.invoke([question, call, output]);
        assert.equal(answer.text, 'It is sunny in Oslo.');
        assert.deepEqual(fixture.read.toolNames(generations()[0]), ['get_weather']);
        assert.equal(fixture.read.toolResults(generations()[1]).length, 1);
        assert.match(fixture.read.toolResults(generations()[1])[0].output, /sunny in Oslo/, 'the tool output reaches the vendor');
      });

      it('makes a tool round trip with bindTools, streamed', async () => {
        fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_l2', name: 'get_weather', arguments: '{"city":"Bergen"}' }] });
        fake.enqueue({ kind: 'text', text: 'Sunny in Bergen, too.' });
        const withTools = chat().bindTools([getWeather]);
        const question = new HumanMessage('Weather in Bergen?');
        let call: AIMessageChunk | undefined;
        for await (const chunk of await withTools.stream([question])) call = call ? call.concat(chunk) : chunk;
        assert.ok(call, 'the stream yielded chunks');
        assert.deepEqual(
          call.tool_calls?.map(({ name, args }) => ({ name, args })),
          [{ name: 'get_weather', args: { city: 'Bergen' } }],
        );
        const output = await getWeather.invoke(call.tool_calls[0]);
        let text = '';
        for await (const chunk of await withTools.stream([question, call, output])) text += chunk.text;
        assert.equal(text, 'Sunny in Bergen, too.');
        assert.match(fixture.read.toolResults(generations()[1])[0].output, /sunny in Bergen/);
      });

      it('carries a conversation on', async () => {
        fake.enqueue({ kind: 'text', text: 'Hello, Ada.' });
        const history: BaseMessage[] = [new HumanMessage('My name is Ada.')];
        history.push(await chat().invoke(history));
        assert.ok(history[1] instanceof AIMessage);
        fake.enqueue({ kind: 'text', text: 'Your name is Ada.' });
        const answer = await chat().invoke([...history, new HumanMessage('What is my name?')]);
        assert.equal(answer.text, 'Your name is Ada.');
        assert.deepEqual(fixture.read.turns(generations()[1]), [
          { role: 'user', text: 'My name is Ada.' },
          { role: 'assistant', text: 'Hello, Ada.' },
          { role: 'user', text: 'What is my name?' },
        ]);
      });
    });
  }
});
