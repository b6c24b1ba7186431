import type { ConversationItem } from '@latticelm/api';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { GatewayError, normalizeRequest } from '@latticelm/api';
import type { ProviderEvent } from '../provider-event';
import { OpenAIStreamTransformer, fromOpenAIResponse } from './openai-stream-transformer';
import { toOpenAIRequest } from './to-openai-request';

function providerRequest(body: Record<string, unknown>) {
  const { model: _m, provider: _p, previousResponseId: _r, ...rest } = normalizeRequest({ model: 'gpt', ...body });
  return { ...rest, input: rest.input as ConversationItem[], model: 'gpt-4o-mini' };
}

describe('toOpenAIRequest', () => {
  it('maps an agentic turn to the vendor Responses API without item ids', () => {
    const params = toOpenAIRequest(
      providerRequest({
        instructions: 'Be brief',
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'hi' }, { type: 'input_file', file_data: 'JVBERi0=', filename: 'a.pdf' }] },
          { role: 'assistant', content: 'hello' },
          { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c1', output: 'ok' },
          { type: 'reasoning', summary: [{ type: 'summary_text', text: 'from another vendor' }] },
        ],
        tools: [{ type: 'function', name: 'f' }],
        tool_choice: 'required',
        max_output_tokens: 50,
        text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' }, strict: true } },
        reasoning: { effort: 'high' },
      }),
    );
    assert.equal(params.model, 'gpt-4o-mini');
    assert.equal(params.store, false);
    assert.equal(params.instructions, 'Be brief');
    assert.deepEqual(params.input, [
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'hi' },
          { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' },
        ],
      },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hello', annotations: [] }] },
      { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'ok' },
    ]);
    assert.deepEqual(params.tools, [{ type: 'function', name: 'f', description: null, parameters: null, strict: false }]);
    assert.equal(params.tool_choice, 'required');
    assert.equal(params.max_output_tokens, 50);
    assert.deepEqual(params.text, { format: { type: 'json_schema', name: 'x', schema: { type: 'object' }, strict: true } });
    assert.deepEqual(params.reasoning, { effort: 'high' });
  });
});

describe('OpenAI reasoning across turns (store: false upstream)', () => {
  it('asks for encrypted reasoning when reasoning is on, and replays only its own reasoning items with their ids', () => {
    const params = toOpenAIRequest(
      providerRequest({
        reasoning: { effort: 'medium' },
        input: [
          { role: 'user', content: 'q' },
          { type: 'reasoning', summary: [{ type: 'summary_text', text: 'thought' }], encrypted_content: 'openai-reasoning:v1:rs_vendor1:ENC==' },
          { type: 'reasoning', summary: [], encrypted_content: 'gemini-thought-signature:abc' },
          { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c1', output: 'ok' },
        ],
      }),
    );
    assert.deepEqual(params.include, ['reasoning.encrypted_content']);
    assert.deepEqual((params.input as unknown[])[1], {
      type: 'reasoning',
      id: 'rs_vendor1',
      summary: [{ type: 'summary_text', text: 'thought' }],
      encrypted_content: 'ENC==',
    });
    assert.equal((params.input as unknown[]).length, 4, "the other vendor's reasoning is left out");
  });

  it('keeps the vendor item id with the encrypted content it streams', () => {
    const events = transform([
      { type: 'response.output_item.done', output_index: 0, item: { type: 'reasoning', id: 'rs_v9', summary: [], encrypted_content: 'XYZ' } },
    ]);
    assert.deepEqual(events, [{ type: 'reasoning.encrypted', data: 'openai-reasoning:v1:rs_v9:XYZ' }]);
  });
});

describe('OpenAI output structure', () => {
  it('opens a message per vendor message with its phase, a part per content part, a summary part per summary part', () => {
    const events = transform([
      { type: 'response.output_item.added', output_index: 0, item: { type: 'reasoning', id: 'rs_1', summary: [] } },
      { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: 'A' },
      { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 1, part: { type: 'summary_text', text: '' } },
      { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 1, delta: 'B' },
      { type: 'response.output_item.added', output_index: 1, item: { type: 'message', id: 'msg_1', role: 'assistant', content: [], status: 'in_progress', phase: 'commentary' } },
      { type: 'response.content_part.added', item_id: 'msg_1', output_index: 1, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 1, content_index: 0, delta: 'C', logprobs: [] },
      { type: 'response.output_item.added', output_index: 2, item: { type: 'message', id: 'msg_2', role: 'assistant', content: [], status: 'in_progress' } },
    ]);
    assert.deepEqual(events, [
      { type: 'reasoning.start' },
      { type: 'reasoning.summary.part' },
      { type: 'reasoning.summary.delta', delta: 'A' },
      { type: 'reasoning.summary.part' },
      { type: 'reasoning.summary.delta', delta: 'B' },
      { type: 'message.start', phase: 'commentary' },
      { type: 'message.part' },
      { type: 'text.delta', delta: 'C' },
      { type: 'message.start' },
    ]);
  });

  it('gives a whole response the same boundaries a stream would', () => {
    const response = {
      status: 'completed',
      incomplete_details: null,
      model: 'gpt-5.3-codex',
      usage: null,
      output: [
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'A' }, { type: 'summary_text', text: 'B' }], encrypted_content: 'E' },
        { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', phase: 'commentary', content: [{ type: 'output_text', text: 'C', annotations: [] }] },
        { type: 'message', id: 'msg_2', role: 'assistant', status: 'completed', phase: 'final_answer', content: [{ type: 'output_text', text: 'D', annotations: [] }] },
      ],
    } as unknown as Response;
    assert.deepEqual([...fromOpenAIResponse(response)].slice(0, -2), [
      { type: 'reasoning.start' },
      { type: 'reasoning.summary.part' },
      { type: 'reasoning.summary.delta', delta: 'A' },
      { type: 'reasoning.summary.part' },
      { type: 'reasoning.summary.delta', delta: 'B' },
      { type: 'reasoning.encrypted', data: 'openai-reasoning:v1:rs_1:E' },
      { type: 'message.start', phase: 'commentary' },
      { type: 'message.part' },
      { type: 'text.delta', delta: 'C' },
      { type: 'message.start', phase: 'final_answer' },
      { type: 'message.part' },
      { type: 'text.delta', delta: 'D' },
    ]);
  });

  it('sends phase back on assistant messages', () => {
    const params = toOpenAIRequest(
      providerRequest({
        input: [
          { role: 'user', content: 'q' },
          { type: 'message', role: 'assistant', content: 'checking', phase: 'commentary' },
          { type: 'message', role: 'assistant', content: 'answer', phase: 'final_answer' },
        ],
      }),
    );
    assert.deepEqual(
      (params.input as { phase?: string }[]).map((item) => item.phase),
      [undefined, 'commentary', 'final_answer'],
    );
  });
});

describe('toOpenAIRequest pass-through', () => {
  it('passes text.verbosity and include to the vendor', () => {
    const params = toOpenAIRequest(providerRequest({ input: 'x', text: { verbosity: 'low' }, include: ['reasoning.encrypted_content'] }));
    assert.deepEqual(params.text, { verbosity: 'low' });
    assert.deepEqual(params.include, ['reasoning.encrypted_content']);
  });
});

function transform(events: unknown[]): ProviderEvent[] {
  const transformer = new OpenAIStreamTransformer('openai');
  return events.flatMap((event) => [...transformer.transform(event as ResponseStreamEvent)]);
}

describe('OpenAIStreamTransformer', () => {
  it('turns the vendor stream into provider events, keyed by call id', () => {
    const events = transform([
      { type: 'response.created', sequence_number: 0, response: {} },
      { type: 'response.output_item.added', output_index: 0, item: { type: 'message', id: 'msg_1', role: 'assistant', content: [], status: 'in_progress' } },
      { type: 'response.output_text.delta', item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi', logprobs: [] },
      { type: 'response.output_item.added', output_index: 1, item: { type: 'function_call', id: 'fc_1', call_id: 'call_9', name: 'f', arguments: '' } },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 1, delta: '{"a":' },
      { type: 'response.function_call_arguments.delta', item_id: 'fc_1', output_index: 1, delta: '1}' },
      { type: 'response.function_call_arguments.done', item_id: 'fc_1', output_index: 1, arguments: '{"a":1}' },
      {
        type: 'response.completed',
        response: {
          status: 'completed',
          model: 'gpt-4o-mini-2024-07-18',
          incomplete_details: null,
          output: [{ type: 'function_call' }],
          usage: { input_tokens: 10, output_tokens: 5, total_tokens: 15, input_tokens_details: { cached_tokens: 4 }, output_tokens_details: { reasoning_tokens: 2 } },
        },
      },
    ]);
    assert.deepEqual(events, [
      { type: 'message.start' },
      { type: 'text.delta', delta: 'Hi' },
      { type: 'tool_call.start', callId: 'call_9', name: 'f' },
      { type: 'tool_call.delta', callId: 'call_9', delta: '{"a":' },
      { type: 'tool_call.delta', callId: 'call_9', delta: '1}' },
      { type: 'tool_call.done', callId: 'call_9', arguments: '{"a":1}' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 5, cachedTokens: 4, reasoningTokens: 2 } },
      { type: 'model', model: 'gpt-4o-mini-2024-07-18' },
      { type: 'finish', reason: 'tool_calls', vendorReason: 'completed' },
    ]);
  });

  it('maps incomplete responses and raises on in-stream errors', () => {
    const events = transform([
      { type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [], usage: null, model: 'm' } },
    ]);
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'content_filter', vendorReason: 'content_filter' });
    assert.throws(
      () => transform([{ type: 'error', code: 'server_error', message: 'boom', param: null, sequence_number: 3 }]),
      (error: unknown) => error instanceof GatewayError && error.status === 502 && /boom/.test(error.message),
    );
  });
});
