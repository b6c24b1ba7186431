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
      // the error comes before any output, so the client still gets a status: the vendor's message in a 502
      assert.equal(streamed.status, 502);
      assert.match((await streamed.json()).error.message, /exceeded your current quota/);
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
