import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnswerRecorder } from './cached-answer';

describe('AnswerRecorder', () => {
  it('keeps the last attempt, joins adjacent deltas of one kind, and stamps the expiry', () => {
    const recorder = new AnswerRecorder();
    recorder.attempt('openai', 'gpt-4o-mini');
    recorder.push({ type: 'text.delta', delta: 'lost' });
    recorder.attempt('anthropic', 'claude-fallback');
    for (const delta of ['Hel', 'lo', ' there']) recorder.push({ type: 'text.delta', delta });
    recorder.push({ type: 'tool_call.start', callId: 'c1', name: 'f' });
    recorder.push({ type: 'tool_call.delta', callId: 'c1', delta: '{"a"' });
    recorder.push({ type: 'tool_call.delta', callId: 'c1', delta: ':1}' });
    recorder.push({ type: 'tool_call.delta', callId: 'c2', delta: '{}' });
    recorder.push({ type: 'usage', usage: { inputTokens: 3, outputTokens: 4 } });
    recorder.push({ type: 'finish', reason: 'tool_calls' });
    recorder.droppedParameters(['top_k']);
    recorder.droppedParameters(['top_k', 'seed']);
    const answer = recorder.answer(1000, 60_000);
    assert.deepEqual(
      answer?.events.map((event) => ('delta' in event ? `${event.type} ${event.delta}` : event.type)),
      ['text.delta Hello there', 'tool_call.start', 'tool_call.delta {"a":1}', 'tool_call.delta {}', 'usage', 'finish'],
    );
    assert.deepEqual(answer?.events[2], { type: 'tool_call.delta', callId: 'c1', delta: '{"a":1}' });
    const { events: _events, ...rest } = answer ?? {};
    assert.deepEqual(rest, { provider: 'anthropic', model: 'claude-fallback', droppedParameters: ['top_k', 'seed'], storedAt: 1000, expiresAt: 61_000 });
  });

  it('keeps no answer that ended incomplete or had no output', () => {
    for (const reason of ['max_output_tokens', 'content_filter'] as const) {
      const recorder = new AnswerRecorder();
      recorder.attempt('openai', 'm');
      recorder.push({ type: 'text.delta', delta: 'cut' });
      recorder.push({ type: 'finish', reason });
      assert.equal(recorder.answer(0, 1000), undefined, reason);
    }
    const empty = new AnswerRecorder();
    empty.attempt('openai', 'm');
    empty.push({ type: 'usage', usage: { inputTokens: 1 } });
    empty.push({ type: 'finish', reason: 'stop' });
    assert.equal(empty.answer(0, 1000), undefined);
  });
});
