import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GatewayStreamEvent } from '@latticelm/api';
import type { ProviderEvent } from '@latticelm/providers';
import { ResponseAssembler, buildEnvelope } from '@latticelm/responses';
import { MessagesStreamEncoder } from './messages-stream-encoder';
import type { ContentBlock, MessageStreamEvent } from './messages.types';
import { normalizeMessagesRequest } from './normalize-messages-request';
import { toMessage } from './to-message';

const request = normalizeMessagesRequest({ model: 'claude', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], stream: true });

/** Provider events → the real assembler → the encoder; the final resource too, for the non-streamed Message. */
function encode(events: ProviderEvent[]) {
  const emitted: GatewayStreamEvent[] = [];
  const assembler = new ResponseAssembler(buildEnvelope('resp_1', 1700000000, request, 'anthropic', false), (event) => emitted.push(event));
  assembler.start();
  for (const event of events) assembler.push(event);
  const response = assembler.complete();
  assembler.announce(response);
  const encoder = new MessagesStreamEncoder();
  return { out: emitted.flatMap((event) => encoder.encode(event)), message: toMessage(response) };
}

/** What a client builds from the stream, as the SDK's MessageStream does. */
function accumulate(events: MessageStreamEvent[]): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  const json = new Map<number, string>();
  for (const event of events) {
    if (event.type === 'content_block_start') blocks[event.index] = structuredClone(event.content_block);
    const started = blocks[event.type === 'content_block_stop' ? event.index : -1];
    if (started?.type === 'tool_use') started.input = JSON.parse(json.get(event.type === 'content_block_stop' ? event.index : -1) ?? '{}');
    if (event.type !== 'content_block_delta') continue;
    const block = blocks[event.index];
    const { delta } = event;
    if (delta.type === 'text_delta' && block.type === 'text') block.text += delta.text;
    if (delta.type === 'thinking_delta' && block.type === 'thinking') block.thinking += delta.thinking;
    if (delta.type === 'signature_delta' && block.type === 'thinking') block.signature = delta.signature;
    if (delta.type === 'input_json_delta') json.set(event.index, (json.get(event.index) ?? '') + delta.partial_json);
  }
  return blocks;
}

describe('MessagesStreamEncoder', () => {
  it('a text answer: message_start and ping, one text block, message_delta with stop reason and usage, message_stop', () => {
    const { out, message } = encode([
      { type: 'text.delta', delta: 'Hel' },
      { type: 'text.delta', delta: 'lo' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 2, cachedTokens: 4 } },
      { type: 'finish', reason: 'stop' },
    ]);
    assert.deepEqual(out.map((event) => event.type), [
      'message_start', 'ping', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop',
    ]);
    const start = out[0];
    assert.ok(start.type === 'message_start');
    assert.equal(start.message.id, 'msg_1');
    assert.deepEqual(start.message.content, []);
    assert.deepEqual(out.at(-2), {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null, stop_details: null },
      usage: { input_tokens: 6, output_tokens: 2, cache_creation_input_tokens: 0, cache_read_input_tokens: 4 },
    });
    assert.deepEqual(accumulate(out), message.content);
  });

  it('thinking, text and two tool calls: blocks numbered in order, the signature before the thinking block stops', () => {
    const { out, message } = encode([
      { type: 'reasoning.delta', delta: 'Think' },
      { type: 'reasoning.delta', delta: 'ing.' },
      { type: 'reasoning.encrypted', data: 'sig_1' },
      { type: 'text.delta', delta: 'Looking.' },
      { type: 'tool_call.start', callId: 'toolu_1', name: 'get_weather' },
      { type: 'tool_call.delta', callId: 'toolu_1', delta: '{"city":' },
      { type: 'tool_call.delta', callId: 'toolu_1', delta: '"Oslo"}' },
      { type: 'tool_call.done', callId: 'toolu_1' },
      { type: 'tool_call.start', callId: 'toolu_2', name: 'get_time' },
      { type: 'tool_call.done', callId: 'toolu_2', arguments: '{}' },
      { type: 'finish', reason: 'tool_calls' },
    ]);
    const starts = out.filter((event) => event.type === 'content_block_start').map((event) => [event.index, event.content_block.type]);
    assert.deepEqual(starts, [[0, 'thinking'], [1, 'text'], [2, 'tool_use'], [3, 'tool_use']]);
    const signatureAt = out.findIndex((event) => event.type === 'content_block_delta' && event.delta.type === 'signature_delta');
    assert.deepEqual(out[signatureAt + 1], { type: 'content_block_stop', index: 0 });
    assert.deepEqual(accumulate(out), message.content);
    assert.deepEqual(message.content, [
      { type: 'thinking', thinking: 'Thinking.', signature: 'sig_1' },
      { type: 'text', text: 'Looking.', citations: null },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } },
      { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} },
    ]);
    assert.equal(message.stop_reason, 'tool_use');
  });

  it('redacted thinking is a redacted_thinking block; a signature alone (Gemini after its text) is an empty thinking block', () => {
    const { out, message } = encode([
      { type: 'reasoning.encrypted', data: 'anthropic.redacted_thinking:abc' },
      { type: 'text.delta', delta: 'Hi' },
      { type: 'reasoning.encrypted', data: 'gemini-part-signature:xyz' },
    ]);
    assert.deepEqual(message.content, [
      { type: 'redacted_thinking', data: 'abc' },
      { type: 'text', text: 'Hi', citations: null },
      { type: 'thinking', thinking: '', signature: 'gemini-part-signature:xyz' },
    ]);
    assert.deepEqual(accumulate(out), message.content);
  });

  it('summary parts read as paragraphs of one thinking block', () => {
    const { out, message } = encode([
      { type: 'reasoning.summary.part' },
      { type: 'reasoning.summary.delta', delta: 'One.' },
      { type: 'reasoning.summary.part' },
      { type: 'reasoning.summary.delta', delta: 'Two.' },
      { type: 'text.delta', delta: 'Answer' },
    ]);
    assert.deepEqual(message.content[0], { type: 'thinking', thinking: 'One.\n\nTwo.', signature: '' });
    assert.deepEqual(accumulate(out), message.content);
  });

  it('the token limit is stop_reason max_tokens; a failure after the start is an error event', () => {
    const { out } = encode([{ type: 'text.delta', delta: 'Cut' }, { type: 'finish', reason: 'max_output_tokens' }]);
    const delta = out.find((event) => event.type === 'message_delta');
    assert.equal(delta?.type === 'message_delta' && delta.delta.stop_reason, 'max_tokens');

    const encoder = new MessagesStreamEncoder();
    const failed = encoder.encode({
      type: 'response.failed',
      sequence_number: 9,
      response: { error: { code: 'upstream_rate_limited', message: 'slow down' } },
    } as unknown as GatewayStreamEvent);
    assert.deepEqual(failed, [{ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }]);
  });
});
