import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ReasoningItem } from '@latticelm/api';
import type { ProviderEvent } from '../provider-event';
import { OVERLOADED_STREAM, TEXT_STREAM, THINKING_STREAM, TOOL_USE_STREAM, WEB_SEARCH_STREAM, parseSse } from './__fixtures__/anthropic-streams';
import { AnthropicStreamTransformer } from './anthropic-stream-transformer';
import { toThinkingBlocks } from './anthropic-thinking';
import { fromAnthropicMessage } from './from-anthropic-message';
import { DEFAULT_REFUSAL, mapAnthropicStopReason } from './map-anthropic-stop-reason';

function transform(events: RawMessageStreamEvent[]): { events: ProviderEvent[]; complete: boolean } {
  const transformer = new AnthropicStreamTransformer();
  const out = events.flatMap((event) => [...transformer.transform(event)]);
  return { events: out, complete: transformer.complete };
}

const lastUsage = (events: ProviderEvent[]) => events.filter((event) => event.type === 'usage').at(-1);
const ofType = <T extends ProviderEvent['type']>(events: ProviderEvent[], type: T) =>
  events.filter((event): event is Extract<ProviderEvent, { type: T }> => event.type === type);

describe('AnthropicStreamTransformer', () => {
  it('streams text deltas, the model and the finish reason', () => {
    const { events, complete } = transform(parseSse(TEXT_STREAM));
    assert.ok(complete);
    assert.deepEqual(events[0], { type: 'model', model: 'claude-sonnet-4-5-20250929' });
    assert.deepEqual(ofType(events, 'text.delta').map((event) => event.delta), ['Hello', '!']);
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop', vendorReason: 'end_turn' });
  });

  it('merges split usage: input and cache counts from message_start, output from message_delta', () => {
    const { events } = transform(parseSse(TEXT_STREAM));
    // input_tokens 25 + cache_creation 10 + cache_read 40; output 15 (the cumulative count at message_delta)
    assert.deepEqual(lastUsage(events), { type: 'usage', usage: { inputTokens: 75, outputTokens: 15, cachedTokens: 40, reasoningTokens: 0, cacheWriteTokens: 10 } });
  });

  it('lets message_delta update input and cache counts when it reports them', () => {
    const events = parseSse(TEXT_STREAM).map((event) =>
      event.type === 'message_delta'
        ? ({ ...event, usage: { ...event.usage, input_tokens: 30, cache_read_input_tokens: 50, cache_creation_input_tokens: null } })
        : event,
    );
    assert.deepEqual(lastUsage(transform(events).events), { type: 'usage', usage: { inputTokens: 90, outputTokens: 15, cachedTokens: 50, reasoningTokens: 0, cacheWriteTokens: 10 } });
  });

  it('turns tool_use blocks and input_json_delta into tool-call events with the vendor ids', () => {
    const { events } = transform(parseSse(TOOL_USE_STREAM));
    const calls = events.filter((event) => event.type.startsWith('tool_call.'));
    assert.deepEqual(calls, [
      { type: 'tool_call.start', callId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather' },
      { type: 'tool_call.delta', callId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', delta: '{"location":' },
      { type: 'tool_call.delta', callId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', delta: ' "San Francisc' },
      { type: 'tool_call.delta', callId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', delta: 'o, CA"}' },
      { type: 'tool_call.done', callId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', arguments: '{"location": "San Francisco, CA"}' },
      { type: 'tool_call.start', callId: 'toolu_02noargs', name: 'get_time' },
      // no input_json_delta at all: the arguments are an empty object
      { type: 'tool_call.done', callId: 'toolu_02noargs', arguments: '{}' },
    ]);
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'tool_calls', vendorReason: 'tool_use' });
    assert.equal(ofType(events, 'text.delta')[0].delta, "Okay, let's check the weather for San Francisco, CA:");
  });

  it('turns thinking into reasoning deltas, the signature and redacted thinking into encrypted reasoning', () => {
    const { events } = transform(parseSse(THINKING_STREAM));
    assert.equal(ofType(events, 'reasoning.delta').map((event) => event.delta).join(''), 'Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3');
    const encrypted = ofType(events, 'reasoning.encrypted').map((event) => event.data);
    // one thinking block so far: its bare signature
    assert.equal(encrypted[0], 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds');
    assert.equal(encrypted.length, 2);
    assert.deepEqual(lastUsage(events), { type: 'usage', usage: { inputTokens: 36, outputTokens: 259, cachedTokens: 0, reasoningTokens: 210, cacheWriteTokens: 0 } });
  });

  it('round-trips a run of thinking and redacted thinking blocks through one reasoning item', () => {
    const { events } = transform(parseSse(THINKING_STREAM));
    // What the assembler keeps: the concatenated reasoning text and the last encrypted state.
    const item: ReasoningItem = {
      type: 'reasoning',
      id: 'rs_1',
      summary: [],
      content: [{ type: 'reasoning_text', text: ofType(events, 'reasoning.delta').map((event) => event.delta).join('') }],
      encrypted_content: ofType(events, 'reasoning.encrypted').at(-1)!.data,
    };
    assert.deepEqual(toThinkingBlocks(item), [
      { type: 'thinking', thinking: 'Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr' },
    ]);
  });

  it("never replays another vendor's reasoning state as a thinking signature", () => {
    for (const encrypted_content of ['openai-reasoning:v1:rs_1:ENC', 'gemini-thought-signature:abc']) {
      const item: ReasoningItem = { type: 'reasoning', id: 'rs_x', summary: [{ type: 'summary_text', text: 'thought' }], encrypted_content };
      assert.deepEqual(toThinkingBlocks(item), []);
    }
    const own: ReasoningItem = { type: 'reasoning', id: 'rs_y', summary: [], content: [{ type: 'reasoning_text', text: 't' }], encrypted_content: 'EqQBCgIYAhIM' };
    assert.deepEqual(toThinkingBlocks(own), [{ type: 'thinking', thinking: 't', signature: 'EqQBCgIYAhIM' }]);
  });

  it('reports max_tokens as an incomplete answer and refusal as a refusal part', () => {
    const withStop = (reason: string, details: unknown = null) =>
      transform(parseSse(TEXT_STREAM).map((event) => (event.type === 'message_delta' ? ({ ...event, delta: { ...event.delta, stop_reason: reason, stop_details: details } } as RawMessageStreamEvent) : event))).events;
    assert.deepEqual(withStop('max_tokens').at(-1), { type: 'finish', reason: 'max_output_tokens', vendorReason: 'max_tokens' });
    const refused = withStop('refusal', { type: 'refusal', category: 'cyber', explanation: 'I cannot help with that.' });
    assert.deepEqual(refused.slice(-2), [
      { type: 'refusal.delta', delta: 'I cannot help with that.' },
      { type: 'finish', reason: 'stop', vendorReason: 'refusal' },
    ]);
    assert.deepEqual(withStop('refusal').at(-2), { type: 'refusal.delta', delta: DEFAULT_REFUSAL });
  });

  it('is not complete when the stream stops before message_stop', () => {
    const events = parseSse(OVERLOADED_STREAM).filter((event) => event.type === 'message_start');
    assert.equal(transform(events).complete, false);
  });
});

describe('mapAnthropicStopReason', () => {
  it('maps every documented stop reason', () => {
    assert.equal(mapAnthropicStopReason('end_turn'), 'stop');
    assert.equal(mapAnthropicStopReason('stop_sequence'), 'stop');
    assert.equal(mapAnthropicStopReason('max_tokens'), 'max_output_tokens');
    assert.equal(mapAnthropicStopReason('model_context_window_exceeded'), 'max_output_tokens');
    assert.equal(mapAnthropicStopReason('tool_use'), 'tool_calls');
    assert.equal(mapAnthropicStopReason('refusal'), 'stop');
    assert.equal(mapAnthropicStopReason('pause_turn'), 'stop');
    assert.equal(mapAnthropicStopReason(null), 'unknown');
  });
});

describe('fromAnthropicMessage', () => {
  it('yields the same events as the stream, block by block, with total input usage', () => {
    // The documented Message shape (https://platform.claude.com/docs/en/api/messages).
    const message = {
      id: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [
        { type: 'thinking', thinking: 'The user wants weather.', signature: 'sig_abc' },
        { type: 'text', text: 'Let me check.', citations: null },
        { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', input: { location: 'San Francisco, CA' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      stop_details: null,
      usage: { input_tokens: 2095, cache_creation_input_tokens: 5, cache_read_input_tokens: 100, output_tokens: 503 },
    } as unknown as Message;
    assert.deepEqual([...fromAnthropicMessage(message)], [
      { type: 'model', model: 'claude-sonnet-4-5-20250929' },
      { type: 'reasoning.delta', delta: 'The user wants weather.' },
      { type: 'reasoning.encrypted', data: 'sig_abc' },
      { type: 'text.delta', delta: 'Let me check.' },
      { type: 'tool_call.start', callId: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather' },
      { type: 'tool_call.done', callId: 'toolu_01A09q90qw90lq917835lq9', arguments: '{"location":"San Francisco, CA"}' },
      { type: 'usage', usage: { inputTokens: 2200, outputTokens: 503, cachedTokens: 100, reasoningTokens: 0, cacheWriteTokens: 5 } },
      { type: 'finish', reason: 'tool_calls', vendorReason: 'tool_use' },
    ]);
  });
});

describe('Anthropic web search', () => {
  const SEARCH_ID = 'srvtoolu_014hJH82Qum7Td6UV8gDXThB';
  const expected: ProviderEvent[] = [
    { type: 'text.delta', delta: 'Let me search.' },
    { type: 'hosted_call.start', key: SEARCH_ID, item: { type: 'web_search_call', status: 'in_progress', action: { type: 'search', query: '' } } },
    { type: 'hosted_call.progress', key: SEARCH_ID, event: 'response.web_search_call.in_progress' },
    { type: 'hosted_call.progress', key: SEARCH_ID, event: 'response.web_search_call.searching' },
    { type: 'hosted_call.progress', key: SEARCH_ID, event: 'response.web_search_call.completed' },
    {
      type: 'hosted_call.done',
      key: SEARCH_ID,
      item: { type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'latest quantum computing breakthroughs 2025', sources: [{ type: 'url', url: 'https://example.com/quantum' }] } },
    },
    { type: 'text.delta', delta: 'Error-corrected logical qubits' },
    { type: 'text.delta', delta: ' were shown.' },
    {
      type: 'text.annotation',
      annotation: { type: 'url_citation', url: 'https://example.com/quantum', title: 'Quantum Computing Breakthroughs in 2025', start_index: 0, end_index: 42 },
    },
  ];
  const relevant = (events: ProviderEvent[]) => events.filter((event) => /^(text|hosted_call)/.test(event.type));

  it('streams a server-side search as a web_search_call and its citations as url_citation annotations over the cited block', () => {
    const { events, complete } = transform(parseSse(WEB_SEARCH_STREAM));
    assert.ok(complete);
    assert.deepEqual(relevant(events), expected);
  });

  it('gives the same events for the whole message', () => {
    const message: Message = {
      id: 'msg_ws',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      container: null,
      stop_reason: 'end_turn',
      stop_sequence: null,
      stop_details: null,
      usage: { input_tokens: 2100, output_tokens: 90 },
      content: [
        { type: 'text', text: 'Let me search.', citations: null },
        { type: 'server_tool_use', id: SEARCH_ID, name: 'web_search', input: { query: 'latest quantum computing breakthroughs 2025' }, caller: { type: 'direct' } },
        {
          type: 'web_search_tool_result',
          tool_use_id: SEARCH_ID,
          caller: { type: 'direct' },
          content: [{ type: 'web_search_result', title: 'Quantum Computing Breakthroughs in 2025', url: 'https://example.com/quantum', encrypted_content: 'Eqgf', page_age: null }],
        },
        {
          type: 'text',
          text: 'Error-corrected logical qubits were shown.',
          citations: [{ type: 'web_search_result_location', url: 'https://example.com/quantum', title: 'Quantum Computing Breakthroughs in 2025', encrypted_index: 'Eo8B', cited_text: 'Researchers…' }],
        },
      ],
    } as unknown as Message;
    const events = relevant([...fromAnthropicMessage(message)]);
    const merged = expected.filter((event) => event.type !== 'text.delta' || event.delta === 'Let me search.');
    merged.splice(6, 0, { type: 'text.delta', delta: 'Error-corrected logical qubits were shown.' });
    assert.deepEqual(events, merged);
  });

  it('reports a search the vendor could not run as a failed web_search_call', () => {
    const failed = WEB_SEARCH_STREAM.replace(/"content": \[\{"type": "web_search_result"[^\]]*\]/, '"content": {"type": "web_search_tool_result_error", "error_code": "max_uses_exceeded"}');
    const { events } = transform(parseSse(failed));
    const done = ofType(events, 'hosted_call.done')[0];
    assert.equal(done.item.status, 'failed');
    assert.equal(ofType(events, 'hosted_call.progress').some((event) => event.event === 'response.web_search_call.completed'), false);
  });
});
