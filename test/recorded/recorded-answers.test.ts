import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { FakeOpenAI } from '../fakes/fake-openai';
import { gatewayClient, postResponse } from '../support/gateway-harness';
import { assertValidResponse, assertValidStream } from '../support/spec-assertions';
import { StreamedEvent, collectSse } from '../support/sse';
import { ThreeVendors } from '../support/three-vendors';
import { recordedBody, recordedEvents, recordedJson, recordedStream } from './recordings';

/**
 * Recorded answers of the real vendor APIs (fixtures/README.md says where each one comes from), served byte for
 * byte by the fakes and read by the official SDKs inside the gateway. Each test checks that the answer comes out
 * complete and in the vendor's structure, valid against the Open Responses document, and that what a follow-up
 * turn must send back (phase, encrypted reasoning, signatures, call ids) reaches the vendor again — through the
 * store (previous_response_id) and through a stateless client that resends the output items.
 */
describe('recorded vendor answers through the gateway', () => {
  const vendors = new ThreeVendors();
  const azure = new FakeOpenAI('azure', 'sk-azure');
  let client: OpenAI;

  before(async () => {
    await azure.start();
    const gateway = await vendors.start(() => ({
      providers: { azure: { type: 'azureopenai', api_key: 'sk-azure', endpoint: azure.url, max_retries: 0 } },
      models: [
        { name: 'azure-gpt', provider: 'azure', provider_model_id: 'gpt-deployment' },
        // error recordings get models of their own: a vendor 429 cools its model down
        { name: 'gpt-quota', provider: 'openai', provider_model_id: 'gpt-5-nano' },
        { name: 'gpt-quota-streamed', provider: 'openai', provider_model_id: 'gpt-5-nano-2025-08-07' },
        { name: 'gemini-quota', provider: 'google', provider_model_id: 'gemini-quota' },
      ],
    }));
    client = gatewayClient(gateway);
  });
  after(async () => {
    await vendors.stop();
    await azure.stop();
  });
  beforeEach(() => {
    vendors.reset();
    azure.reset();
  });

  async function stream(body: Record<string, unknown>): Promise<{ events: StreamedEvent[]; response: OpenAI.Responses.Response }> {
    const answer = await postResponse(vendors.gateway, { ...body, stream: true });
    assert.equal(answer.status, 200);
    const { events, messages, done } = await collectSse(answer);
    assertValidStream(events, messages, done);
    return { events, response: events.at(-1)?.response as OpenAI.Responses.Response };
  }

  describe('OpenAI', () => {
    const phase = recordedJson('openai/openai-phase.1.json');
    const phaseOf = (items: unknown[]) => items.map((item: any) => [item.type, item.phase]);

    it('keeps two messages apart with their phase (JSON), and sends phase back on the next turn', async () => {
      vendors.openai.enqueue(recordedBody('openai/openai-phase.1.json'), { kind: 'text', text: 'ok' });
      const first = await client.responses.create({ model: 'gpt', input: 'latest AI news?' });
      assertValidResponse(first);
      assert.deepEqual(phaseOf(first.output), [
        ['message', 'commentary'],
        ['message', 'final_answer'],
      ]);
      assert.deepEqual(
        first.output.map((item: any) => item.content[0].text),
        phase.output.map((item: any) => item.content[0].text),
      );
      await client.responses.create({ model: 'gpt', input: 'thanks', previous_response_id: first.id });
      const replayed = vendors.openai.requests[1].body.input as any[];
      assert.deepEqual(
        replayed.map((item) => [item.role, item.phase]),
        [
          ['user', undefined],
          ['assistant', 'commentary'],
          ['assistant', 'final_answer'],
          ['user', undefined],
        ],
      );
    });

    it('keeps two messages apart with their phase (stream), also for a stateless client resending the output', async () => {
      vendors.openai.enqueue(recordedStream('openai/openai-phase.1.chunks.txt', 'typed'), { kind: 'text', text: 'ok' });
      const { events, response } = await stream({ model: 'gpt', input: 'latest AI news?' });
      const added = events.filter((event) => event.type === 'response.output_item.added');
      assert.deepEqual(phaseOf(added.map((event) => event.item)), [
        ['message', 'commentary'],
        ['message', 'final_answer'],
      ]);
      // this recording was abridged before it was published (deltas between sequence numbers 5 and 41 are gone),
      // so the text is what its deltas add up to
      const recordedDeltas = recordedEvents('openai/openai-phase.1.chunks.txt').filter((event) => event.type === 'response.output_text.delta');
      assert.deepEqual(
        response.output.map((item: any) => item.content[0].text),
        [0, 2].map((index) => recordedDeltas.filter((event) => event.output_index === index).map((event) => event.delta).join('')),
      );
      await client.responses.create({ model: 'gpt', store: false, input: [...(response.output as any[]), { role: 'user', content: 'thanks' }] });
      const replayed = vendors.openai.requests[1].body.input as any[];
      assert.deepEqual(replayed.map((item) => item.phase), ['commentary', 'final_answer', undefined]);
    });

    it('keeps encrypted reasoning with its vendor id and gives it back, with the summary as it came (JSON)', async () => {
      const recorded = recordedJson('openai/openai-reasoning-encrypted-content.1.json');
      vendors.openai.enqueue(recordedBody('openai/openai-reasoning-encrypted-content.1.json'), { kind: 'text', text: 'ok' });
      const first = await client.responses.create({ model: 'gpt', input: 'compute', reasoning: { effort: 'high', summary: 'detailed' } });
      assertValidResponse(first);
      const [reasoning, message] = first.output as any[];
      assert.equal(reasoning.type, 'reasoning');
      assert.deepEqual(reasoning.summary, recorded.output[0].summary);
      assert.equal(message.content[0].text, recorded.output[1].content[0].text);
      await client.responses.create({ model: 'gpt', input: 'again', previous_response_id: first.id, reasoning: { effort: 'high' } });
      const replayed = (vendors.openai.requests[1].body.input as any[]).find((item) => item.type === 'reasoning');
      assert.deepEqual(replayed, {
        type: 'reasoning',
        id: recorded.output[0].id,
        summary: recorded.output[0].summary,
        encrypted_content: recorded.output[0].encrypted_content,
      });
    });

    it('streams reasoning and a function call of a tool loop, and the next turn gets reasoning, call and result back', async () => {
      const recorded = recordedEvents('openai/openai-reasoning-encrypted-content.1.chunks.txt');
      const rsDone = recorded.find((event) => event.type === 'response.output_item.done' && event.item.type === 'reasoning').item;
      const callDone = recorded.find((event) => event.type === 'response.output_item.done' && event.item.type === 'function_call').item;
      vendors.openai.enqueue(recordedStream('openai/openai-reasoning-encrypted-content.1.chunks.txt', 'typed', 0), { kind: 'text', text: 'ok' });
      const { events, response } = await stream({ model: 'gpt', input: 'compute', reasoning: { effort: 'high', summary: 'detailed' } });
      assert.deepEqual(
        events.filter((event) => event.type === 'response.reasoning_summary_part.added').map((event) => event.summary_index),
        [0],
      );
      const [reasoning, call] = response.output as any[];
      assert.deepEqual(reasoning.summary, rsDone.summary);
      assert.deepEqual([call.type, call.call_id, call.name, call.arguments], ['function_call', callDone.call_id, callDone.name, callDone.arguments]);
      await client.responses.create({
        model: 'gpt',
        store: false,
        reasoning: { effort: 'high' },
        input: [...(response.output as any[]), { type: 'function_call_output', call_id: call.call_id, output: '19' }],
      });
      const replayed = vendors.openai.requests[1].body.input as any[];
      assert.deepEqual(
        replayed.map((item) => [item.type, item.id ?? item.call_id]),
        [
          ['reasoning', rsDone.id],
          ['function_call', callDone.call_id],
          ['function_call_output', callDone.call_id],
        ],
      );
      assert.equal(replayed[0].encrypted_content, rsDone.encrypted_content);
    });

    it('answers a recorded quota error with its status and message, whole and as a stream event', async () => {
      const message: string = recordedJson('openai/openai-error.1.json').error.message;
      vendors.openai.enqueue(recordedBody('openai/openai-error.1.json', 429));
      const answer = await postResponse(vendors.gateway, { model: 'gpt-quota' });
      assert.equal(answer.status, 429);
      assert.equal((await answer.json()).error.message, `openai: ${message}`);
      vendors.openai.enqueue(recordedStream('openai/openai-error.1.chunks.txt', 'typed'));
      const streamed = await postResponse(vendors.gateway, { model: 'gpt-quota-streamed', stream: true });
      // the error comes before any output, so the client still gets a status: the same 429 as the JSON answer
      assert.equal(streamed.status, 429);
      assert.equal((await streamed.json()).error.message, `openai: ${message}`);
    });
  });

  describe('Anthropic', () => {
    it('answers recorded text, whole and streamed', async () => {
      const text = recordedJson('anthropic/anthropic-text.json').content[0].text;
      vendors.anthropic.enqueue(recordedBody('anthropic/anthropic-text.json'), recordedStream('anthropic/anthropic-text.chunks.txt', 'typed'));
      const whole = await client.responses.create({ model: 'claude', input: 'How are you?' });
      assertValidResponse(whole);
      assert.equal(whole.output_text, text);
      const deltas = recordedEvents('anthropic/anthropic-text.chunks.txt').filter((event) => event.delta?.type === 'text_delta');
      const { response } = await stream({ model: 'claude' });
      assert.equal((response.output[0] as any).content[0].text, deltas.map((event) => event.delta.text).join(''));
    });

    it('keeps a thinking block with its signature and sends both back unchanged (JSON, through the store)', async () => {
      const [thinking, text] = recordedJson('anthropic/anthropic-clear-thinking.1.json').content;
      vendors.anthropic.enqueue(recordedBody('anthropic/anthropic-clear-thinking.1.json'), { kind: 'text', text: 'ok' });
      const first = await client.responses.create({ model: 'claude', input: '925 / 5?', reasoning: { effort: 'low' } });
      assertValidResponse(first);
      const [reasoning, message] = first.output as any[];
      assert.deepEqual(reasoning.content, [{ type: 'reasoning_text', text: thinking.thinking }]);
      assert.equal(message.content[0].text, text.text);
      await client.responses.create({ model: 'claude', input: 'and / 5 again?', previous_response_id: first.id, reasoning: { effort: 'low' } });
      const assistant = vendors.anthropic.requests[1].body.messages[1];
      assert.deepEqual(assistant, {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: thinking.thinking, signature: thinking.signature },
          { type: 'text', text: text.text },
        ],
      });
    });

    it('keeps a streamed thinking block and signature, and a stateless client gets them back to Claude', async () => {
      const recorded = recordedEvents('anthropic/anthropic-clear-thinking.1.chunks.txt');
      const thought = recorded.filter((event) => event.delta?.type === 'thinking_delta').map((event) => event.delta.thinking).join('');
      const signature = recorded.find((event) => event.delta?.type === 'signature_delta').delta.signature;
      vendors.anthropic.enqueue(recordedStream('anthropic/anthropic-clear-thinking.1.chunks.txt', 'typed'), { kind: 'text', text: 'ok' });
      const { response } = await stream({ model: 'claude', input: '925 / 5?', reasoning: { effort: 'low' } });
      await client.responses.create({
        model: 'claude',
        store: false,
        reasoning: { effort: 'low' },
        input: [{ role: 'user', content: '925 / 5?' }, ...(response.output as any[]), { role: 'user', content: 'again' }],
      });
      const assistant = vendors.anthropic.requests[1].body.messages[1];
      assert.deepEqual(assistant.content[0], { type: 'thinking', thinking: thought, signature });
    });

    it('keeps text and a tool call with no arguments, and the call id survives into the tool result', async () => {
      const recorded = recordedJson('anthropic/anthropic-tool-no-args.json');
      const toolUse = recorded.content[1];
      vendors.anthropic.enqueue(recordedBody('anthropic/anthropic-tool-no-args.json'), recordedStream('anthropic/anthropic-tool-no-args.chunks.txt', 'typed'), { kind: 'text', text: 'ok' });
      const tools = [{ type: 'function' as const, name: toolUse.name, parameters: { type: 'object', properties: {} }, strict: false }];
      const whole = await client.responses.create({ model: 'claude', input: 'update the issues', tools });
      assertValidResponse(whole);
      assert.deepEqual(
        whole.output.map((item: any) => (item.type === 'message' ? item.content[0].text : [item.call_id, item.name, item.arguments])),
        [recorded.content[0].text, [toolUse.id, toolUse.name, '{}']],
      );
      const { response } = await stream({ model: 'claude', input: 'update the issues', tools });
      const call = response.output.find((item: any) => item.type === 'function_call') as any;
      assert.equal(call.arguments, '{}');
      await client.responses.create({ model: 'claude', previous_response_id: response.id, tools, input: [{ type: 'function_call_output', call_id: call.call_id, output: 'done' }] });
      const messages = vendors.anthropic.requests[2].body.messages as any[];
      assert.equal(messages[1].content.at(-1).id, call.call_id);
      assert.deepEqual(messages[2].content[0], { type: 'tool_result', tool_use_id: call.call_id, content: 'done' });
    });
  });

  describe('Gemini', () => {
    it('keeps the thought signature of a text part and sends it back on that part (JSON, through the store)', async () => {
      const [part] = recordedJson('google/google-text.json').candidates[0].content.parts;
      vendors.gemini.enqueue(recordedBody('google/google-text.json'), { kind: 'text', text: 'ok' });
      const first = await client.responses.create({ model: 'gemini', input: "How many r's in strawberry?" });
      assertValidResponse(first);
      assert.equal(first.output_text, part.text);
      assert.deepEqual(
        first.output.map((item) => item.type),
        ['message', 'reasoning'],
      );
      await client.responses.create({ model: 'gemini', input: 'Sure?', previous_response_id: first.id });
      assert.deepEqual(vendors.gemini.requests[1].body.contents[1], { role: 'model', parts: [{ text: part.text, thoughtSignature: part.thoughtSignature }] });
    });

    it('keeps the signature a stream sends last, and a stateless client gets it back onto the text', async () => {
      const chunks = recordedEvents('google/google-text.chunks.txt');
      const parts = chunks.flatMap((chunk) => chunk.candidates[0].content.parts);
      const text = parts.map((part: any) => part.text).join('');
      const signature = parts.find((part: any) => part.thoughtSignature).thoughtSignature;
      vendors.gemini.enqueue(recordedStream('google/google-text.chunks.txt', 'data'), { kind: 'text', text: 'ok' });
      const { response } = await stream({ model: 'gemini', input: "How many r's in strawberry?" });
      assert.equal((response.output[0] as any).content[0].text, text);
      await client.responses.create({
        model: 'gemini',
        store: false,
        input: [{ role: 'user', content: "How many r's in strawberry?" }, ...(response.output as any[]), { role: 'user', content: 'Sure?' }],
      });
      assert.deepEqual(vendors.gemini.requests[1].body.contents[1], { role: 'model', parts: [{ text, thoughtSignature: signature }] });
    });

    it('keeps the signature of a function call, whole and streamed, and gives it back with the call', async () => {
      const [part] = recordedJson('google/google-tool-call-gemini3.json').candidates[0].content.parts;
      const streamedSignature = recordedEvents('google/google-tool-call-gemini3.chunks.txt')[0].candidates[0].content.parts[0].thoughtSignature;
      const tools = [{ type: 'function' as const, name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } }, strict: false }];
      vendors.gemini.enqueue(recordedBody('google/google-tool-call-gemini3.json'), recordedStream('google/google-tool-call-gemini3.chunks.txt', 'data'), { kind: 'text', text: 'ok' });
      const whole = await client.responses.create({ model: 'gemini', input: 'Weather in SF?', tools });
      assertValidResponse(whole);
      const call = whole.output.find((item) => item.type === 'function_call') as any;
      assert.deepEqual([call.name, JSON.parse(call.arguments)], [part.functionCall.name, part.functionCall.args]);
      const { response } = await stream({ model: 'gemini', input: 'Weather in SF?', tools });
      const streamedCall = response.output.find((item) => item.type === 'function_call') as any;
      await client.responses.create({
        model: 'gemini',
        previous_response_id: response.id,
        tools,
        input: [{ type: 'function_call_output', call_id: streamedCall.call_id, output: '{"temperature":18}' }],
      });
      const contents = vendors.gemini.requests[2].body.contents as any[];
      assert.deepEqual(contents[1], { role: 'model', parts: [{ functionCall: { name: 'weather', args: { location: 'San Francisco' } }, thoughtSignature: streamedSignature }] });
      assert.equal(contents[2].parts[0].functionResponse.name, 'weather');
    });

    it('answers a recorded 429 with its status and the retry delay Google gave', async () => {
      vendors.gemini.enqueue(recordedBody('google/google-429-retry-info.json', 429));
      const answer = await postResponse(vendors.gateway, { model: 'gemini-quota' });
      assert.equal(answer.status, 429);
      assert.equal(answer.headers.get('retry-after'), '35');
      assert.match((await answer.json()).error.message, /You exceeded your current quota/);
    });
  });

  describe('Azure OpenAI', () => {
    it('answers recorded text and a recorded function call, whole and streamed', async () => {
      const text = recordedJson('azure/azure-text.1.json').output[0].content[0].text;
      const call = recordedJson('azure/azure-tool-call.1.json').output.find((item: any) => item.type === 'function_call');
      azure.enqueue(recordedBody('azure/azure-text.1.json'), recordedStream('azure/azure-text.1.chunks.txt', 'typed'));
      const whole = await client.responses.create({ model: 'azure-gpt', input: 'hi' });
      assertValidResponse(whole);
      assert.equal(whole.output_text, text);
      const { response } = await stream({ model: 'azure-gpt' });
      assert.equal((response.output[0] as any).content[0].text, recordedEvents('azure/azure-text.1.chunks.txt').find((event) => event.type === 'response.output_text.done').text);
      azure.enqueue(recordedBody('azure/azure-tool-call.1.json'), recordedStream('azure/azure-tool-call.1.chunks.txt', 'typed'));
      const called = await client.responses.create({ model: 'azure-gpt', input: 'weather?' });
      assertValidResponse(called);
      assert.deepEqual(
        called.output.map((item: any) => [item.type, item.call_id, item.name, item.arguments]),
        [['function_call', call.call_id, call.name, call.arguments]],
      );
      const streamedCall = (await stream({ model: 'azure-gpt' })).response.output as any[];
      const recordedCall = recordedEvents('azure/azure-tool-call.1.chunks.txt').find((event) => event.type === 'response.output_item.done').item;
      assert.deepEqual(
        streamedCall.map((item) => [item.call_id, item.arguments]),
        [[recordedCall.call_id, recordedCall.arguments]],
      );
    });
  });
});
