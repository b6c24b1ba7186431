import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, OpenResponsesSchema, StreamEvent, normalizeRequest } from '@latticelm/api';
import type { FinishReason, ProviderEvent } from '@latticelm/providers';
import { ResponseAssembler } from './response-assembler';
import { buildEnvelope } from './response-envelope';

const schema = new OpenResponsesSchema();

function run(events: ProviderEvent[], request: Record<string, unknown> = { model: 'm', input: 'hi' }) {
  const emitted: StreamEvent[] = [];
  const assembler = new ResponseAssembler(buildEnvelope('resp_1', 1700000000, normalizeRequest(request), 'openai', true), (event) => emitted.push(event as StreamEvent), () => 1700000001);
  assembler.start();
  for (const event of events) assembler.push(event);
  const response = assembler.complete();
  assembler.announce(response);
  for (const event of emitted) {
    const check = schema.checkStreamingEvent(event);
    assert.ok(check.valid, `${event.type}: ${check.errors.join('; ')}`);
  }
  assert.ok(schema.check('ResponseResource', response).valid, schema.check('ResponseResource', response).errors.join('\n'));
  return { emitted, response, types: emitted.map((event) => event.type) };
}

describe('ResponseAssembler', () => {
  it('emits the spec sequence for a text answer', () => {
    const { types, response, emitted } = run([
      { type: 'text.delta', delta: 'Hel' },
      { type: 'text.delta', delta: 'lo' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 2, cachedTokens: 1 } },
      { type: 'finish', reason: 'stop' },
    ]);
    assert.deepEqual(types, [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    assert.deepEqual(emitted.map((event) => event.sequence_number), [...emitted.keys()]);
    assert.equal(response.status, 'completed');
    assert.equal(response.completed_at, 1700000001);
    assert.deepEqual(response.usage, {
      input_tokens: 5,
      output_tokens: 2,
      total_tokens: 7,
      input_tokens_details: { cached_tokens: 1 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
    const message = response.output[0];
    assert.equal(message.type, 'message');
    assert.deepEqual(message.type === 'message' && message.content, [{ type: 'output_text', text: 'Hello', annotations: [] }]);
  });

  it('closes the message when a tool call starts and keeps calls apart by id', () => {
    const { types, response } = run([
      { type: 'text.delta', delta: 'Let me check.' },
      { type: 'tool_call.start', callId: 'c1', name: 'a' },
      { type: 'tool_call.start', callId: 'c2', name: 'b' },
      { type: 'tool_call.delta', callId: 'c1', delta: '{"x":' },
      { type: 'tool_call.delta', callId: 'c2', delta: '{}' },
      { type: 'tool_call.delta', callId: 'c1', delta: '1}' },
      { type: 'tool_call.done', callId: 'c1' },
      { type: 'tool_call.done', callId: 'c2' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    assert.equal(types.filter((type) => type === 'response.output_item.added').length, 3);
    assert.deepEqual(
      response.output.map((item) => (item.type === 'function_call' ? [item.call_id, item.arguments, item.status] : item.type)),
      ['message', ['c1', '{"x":1}', 'completed'], ['c2', '{}', 'completed']],
    );
  });

  it('gives a whole-at-once tool call one delta before its done event', () => {
    const { emitted } = run([
      { type: 'tool_call.start', callId: 'c1', name: 'f' },
      { type: 'tool_call.done', callId: 'c1', arguments: '{"q":"x"}' },
    ]);
    const deltas = emitted.filter((event) => event.type === 'response.function_call_arguments.delta');
    assert.deepEqual(deltas.map((event) => event.delta), ['{"q":"x"}']);
  });

  it('opens a refusal part after text and reasoning items before the message', () => {
    const { response, types } = run([
      { type: 'reasoning.delta', delta: 'thinking' },
      { type: 'reasoning.encrypted', data: 'sig' },
      { type: 'text.delta', delta: 'I' },
      { type: 'refusal.delta', delta: 'cannot help' },
      { type: 'finish', reason: 'stop' },
    ]);
    assert.ok(types.includes('response.reasoning.delta'));
    assert.ok(types.includes('response.refusal.done'));
    const [reasoning, message] = response.output;
    assert.equal(reasoning.type === 'reasoning' && reasoning.encrypted_content, 'sig');
    assert.deepEqual(message.type === 'message' && message.content.map((part) => part.type), ['output_text', 'refusal']);
  });

  it('max_output_tokens → incomplete with the reason, items incomplete', () => {
    const { response, types } = run([
      { type: 'text.delta', delta: 'Once' },
      { type: 'finish', reason: 'max_output_tokens' },
    ]);
    assert.equal(types.at(-1), 'response.incomplete');
    assert.equal(response.status, 'incomplete');
    assert.deepEqual(response.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(response.output[0].type === 'message' && response.output[0].status, 'incomplete');
  });

  it('ends as each finish reason says (a new reason needs a row here to compile)', () => {
    const expected: Record<FinishReason, [terminal: string, incompleteReason: string | null]> = {
      stop: ['response.completed', null],
      tool_calls: ['response.completed', null],
      unknown: ['response.completed', null],
      max_output_tokens: ['response.incomplete', 'max_output_tokens'],
      content_filter: ['response.incomplete', 'content_filter'],
    };
    for (const [reason, [terminal, incompleteReason]] of Object.entries(expected) as [FinishReason, [string, string | null]][]) {
      const { response, types } = run([{ type: 'text.delta', delta: 'x' }, { type: 'finish', reason }]);
      assert.equal(types.at(-1), terminal, reason);
      assert.equal(response.incomplete_details?.reason ?? null, incompleteReason, reason);
    }
    assert.equal(run([{ type: 'text.delta', delta: 'no finish event' }]).types.at(-1), 'response.completed');
  });

  it('fail() closes open items and announces response.failed with the error', () => {
    const emitted: StreamEvent[] = [];
    const assembler = new ResponseAssembler(buildEnvelope('resp_2', 1, normalizeRequest({ model: 'm', input: 'x' }), 'p', false), (event) => emitted.push(event as StreamEvent));
    assembler.start();
    assembler.push({ type: 'text.delta', delta: 'par' });
    const failed = assembler.fail(new GatewayError({ status: 502, type: 'model_error', code: 'upstream_stream_error', message: 'cut' }));
    assembler.announce(failed);
    assert.equal(emitted.at(-1)?.type, 'response.failed');
    assert.deepEqual(failed.error, { code: 'upstream_stream_error', message: 'cut' });
    for (const event of emitted) assert.ok(schema.checkStreamingEvent(event).valid, event.type);
  });

  it('builds events only when streaming (no sink, no events)', () => {
    const assembler = new ResponseAssembler(buildEnvelope('resp_3', 1, normalizeRequest({ model: 'm', input: 'x' }), 'p', true));
    assembler.push({ type: 'text.delta', delta: 'x' });
    assert.equal(assembler.complete().output.length, 1);
  });
});
