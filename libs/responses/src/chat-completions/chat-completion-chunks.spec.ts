import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, normalizeRequest } from '@latticelm/api';
import type { ProviderEvent } from '@latticelm/providers';
import { ResponseAssembler } from '../response-assembler';
import { buildEnvelope } from '../response-envelope';
import { ChatCompletionChunkEncoder, ChatStreamFrame } from './chat-completion-chunks';
import { toChatCompletion } from './to-chat-completion';

/** The real assembler's events for these provider events, through the encoder; and the final resource. */
function run(events: ProviderEvent[], includeUsage: boolean, failWith?: GatewayError) {
  const encoder = new ChatCompletionChunkEncoder(includeUsage);
  const frames: ChatStreamFrame[] = [];
  const assembler = new ResponseAssembler(buildEnvelope('resp_abc', 1700000000, normalizeRequest({ model: 'gpt-x', input: 'hi' }), 'openai', false), (event) =>
    frames.push(...encoder.encode(event)),
  );
  assembler.start();
  for (const event of events) assembler.push(event);
  const response = failWith ? assembler.fail(failWith) : assembler.complete();
  assembler.announce(response);
  return { frames, response };
}

const usage: ProviderEvent = { type: 'usage', usage: { inputTokens: 20, outputTokens: 9, cachedTokens: 4, reasoningTokens: 3 } };

describe('ChatCompletionChunkEncoder', () => {
  it('streams a text answer as OpenAI does: role first, deltas, finish_reason, the usage chunk without choices', () => {
    const { frames } = run([{ type: 'text.delta', delta: 'Hel' }, { type: 'text.delta', delta: 'lo' }, usage, { type: 'finish', reason: 'stop' }], true);
    const base = { id: 'chatcmpl-abc', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-x', service_tier: 'default', system_fingerprint: null };
    const choice = (delta: object, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null });
    assert.deepEqual(frames, [
      choice({ role: 'assistant', content: '', refusal: null }),
      choice({ content: 'Hel' }),
      choice({ content: 'lo' }),
      choice({}, 'stop'),
      {
        ...base,
        choices: [],
        usage: {
          prompt_tokens: 20,
          completion_tokens: 9,
          total_tokens: 29,
          prompt_tokens_details: { cached_tokens: 4, audio_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 3, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
        },
      },
    ]);
  });

  it('streams tool calls by index: id, type and name with empty arguments first, then argument fragments', () => {
    const { frames } = run(
      [
        { type: 'tool_call.start', callId: 'call_a', name: 'weather' },
        { type: 'tool_call.delta', callId: 'call_a', delta: '{"city":' },
        { type: 'tool_call.delta', callId: 'call_a', delta: '"Paris"}' },
        { type: 'tool_call.done', callId: 'call_a' },
        { type: 'tool_call.start', callId: 'call_b', name: 'time' },
        { type: 'tool_call.done', callId: 'call_b', arguments: '{}' },
        { type: 'finish', reason: 'tool_calls' },
      ],
      false,
    );
    const deltas = frames.map((frame) => ('choices' in frame ? frame.choices[0] : undefined));
    assert.ok(frames.every((frame) => !('usage' in frame)), 'no usage field without include_usage');
    assert.deepEqual(
      deltas.map((choice) => choice?.delta),
      [
        { role: 'assistant', content: '', refusal: null },
        { tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } }] },
        { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
        { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
        { tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '' } }] },
        // a vendor that gives the whole arguments at the end: one fragment
        { tool_calls: [{ index: 1, function: { arguments: '{}' } }] },
        {},
      ],
    );
    assert.equal(deltas.at(-1)?.finish_reason, 'tool_calls');
  });

  it('says length when the answer was cut at the token limit, and refusals go in their own field', () => {
    const { frames } = run([{ type: 'refusal.delta', delta: 'No.' }, { type: 'finish', reason: 'max_output_tokens' }], false);
    const choices = frames.map((frame) => ('choices' in frame ? frame.choices[0] : undefined));
    assert.deepEqual(choices[1]?.delta, { refusal: 'No.' });
    assert.equal(choices.at(-1)?.finish_reason, 'length');
  });

  it('ends a stream that failed after output with an error data line the openai SDK raises', () => {
    const { frames } = run([{ type: 'text.delta', delta: 'Hi' }], true, new GatewayError({ status: 502, type: 'model_error', code: 'upstream_error', message: 'openai: boom' }));
    assert.deepEqual(frames.at(-1), { error: { message: 'openai: boom', type: 'server_error', param: null, code: 'upstream_error' } });
  });
});

describe('toChatCompletion', () => {
  it('gives the message, tool calls, finish_reason and usage with their details', () => {
    const { response } = run(
      [
        { type: 'text.delta', delta: 'Checking.' },
        { type: 'tool_call.start', callId: 'call_a', name: 'weather' },
        { type: 'tool_call.done', callId: 'call_a', arguments: '{"city":"Paris"}' },
        usage,
        { type: 'finish', reason: 'tool_calls' },
      ],
      false,
    );
    assert.deepEqual(toChatCompletion(response), {
      id: 'chatcmpl-abc',
      object: 'chat.completion',
      created: 1700000000,
      model: 'gpt-x',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Checking.',
            refusal: null,
            annotations: [],
            tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 20,
        completion_tokens: 9,
        total_tokens: 29,
        prompt_tokens_details: { cached_tokens: 4, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 3, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: null,
    });
  });

  it('counts citation indexes in the one content string', () => {
    const { response } = run(
      [
        { type: 'message.start' },
        { type: 'text.delta', delta: 'First. ' },
        { type: 'message.start' },
        { type: 'text.delta', delta: 'Paris is big.' },
        { type: 'text.annotation', annotation: { type: 'url_citation', url: 'https://p.fr', title: 'P', start_index: 0, end_index: 13 } },
        { type: 'finish', reason: 'stop' },
      ],
      false,
    );
    const message = toChatCompletion(response).choices[0].message;
    assert.equal(message.content, 'First. Paris is big.');
    assert.deepEqual(message.annotations, [{ type: 'url_citation', url_citation: { url: 'https://p.fr', title: 'P', start_index: 7, end_index: 20 } }]);
  });
});
