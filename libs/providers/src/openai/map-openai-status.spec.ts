import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Response } from 'openai/resources/responses/responses';
import type { FinishReason } from '../provider-event';
import { mapOpenAIFinish } from './map-openai-status';

type IncompleteReason = NonNullable<NonNullable<Response['incomplete_details']>['reason']>;
const toolCall = { type: 'function_call', id: 'fc_1', call_id: 'c', name: 'f', arguments: '{}', status: 'completed' } as const;

describe('mapOpenAIFinish', () => {
  it('maps every incomplete reason of the SDK (a new one needs a row here to compile)', () => {
    const expected: Record<IncompleteReason, FinishReason> = {
      content_filter: 'content_filter',
      max_output_tokens: 'max_output_tokens',
      max_messages: 'max_output_tokens',
      steered: 'max_output_tokens',
    };
    for (const [reason, finish] of Object.entries(expected) as [IncompleteReason, FinishReason][]) {
      assert.equal(mapOpenAIFinish({ status: 'incomplete', incomplete_details: { reason }, output: [] }), finish, reason);
    }
    assert.equal(mapOpenAIFinish({ status: 'incomplete', incomplete_details: null, output: [] }), 'max_output_tokens');
  });

  it('ends a completed turn with tool calls when it made any', () => {
    assert.equal(mapOpenAIFinish({ status: 'completed', incomplete_details: null, output: [] }), 'stop');
    assert.equal(mapOpenAIFinish({ status: 'completed', incomplete_details: null, output: [toolCall] }), 'tool_calls');
    assert.equal(mapOpenAIFinish({ status: undefined, incomplete_details: null, output: [toolCall] }), 'tool_calls');
  });
});
