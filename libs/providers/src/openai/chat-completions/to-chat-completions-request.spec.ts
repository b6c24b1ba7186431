import type { ConversationItem } from '@latticelm/api';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeRequest } from '@latticelm/api';
import type { ProviderRequest } from '../../provider';
import { toChatCompletionsRequest } from './to-chat-completions-request';

function request(body: Record<string, unknown>, extra: Partial<ProviderRequest> = {}): ProviderRequest {
  const { model: _model, provider: _provider, previousResponseId: _previous, ...rest } = normalizeRequest({ model: 'm', ...body });
  return { ...rest, input: rest.input as ConversationItem[], model: 'llama-3.1-8b', ...extra };
}

describe('toChatCompletionsRequest', () => {
  it('turns items into messages: instructions and developer as system, parallel calls in one assistant message, outputs as tool messages', () => {
    const params = toChatCompletionsRequest(
      request({
        instructions: 'Be brief.',
        input: [
          { role: 'developer', content: 'Metric units.' },
          { role: 'user', content: [{ type: 'input_text', text: 'Weather?' }, { type: 'input_image', image_url: 'https://x/y.png', detail: 'low' }] },
          { type: 'reasoning', summary: [], encrypted_content: 'opaque' },
          { type: 'function_call', call_id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call', call_id: 'c2', name: 'weather', arguments: '{"city":"Rome"}' },
          { type: 'function_call_output', call_id: 'c1', output: '20C' },
          { type: 'function_call_output', call_id: 'c2', output: [{ type: 'input_text', text: '25C' }] },
          { role: 'assistant', content: 'Paris 20C, Rome 25C.' },
          { role: 'user', content: [{ type: 'input_file', file_data: 'JVBERi0=', filename: 'a.pdf' }] },
        ],
      }),
      'vllm',
    );
    assert.deepEqual(params.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Metric units.' },
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } }] },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { id: 'c2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: '20C' },
      { role: 'tool', tool_call_id: 'c2', content: '25C' },
      { role: 'assistant', content: 'Paris 20C, Rome 25C.' },
      { role: 'user', content: [{ type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } }] },
    ]);
  });

  it('maps tools, tool_choice, the limits and structured output', () => {
    const params = toChatCompletionsRequest(
      request(
        {
          input: 'Hi',
          tools: [{ type: 'function', name: 'weather', description: 'Weather', parameters: { type: 'object' }, strict: true }],
          tool_choice: { type: 'function', name: 'weather' },
          parallel_tool_calls: false,
          temperature: 0.3,
          top_p: 0.8,
          max_output_tokens: 64,
          text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true } },
          reasoning: { effort: 'low' },
          user: 'u1',
        },
        { stopSequences: ['END'], seed: 3 },
      ),
      'vllm',
    );
    assert.deepEqual(params, {
      model: 'llama-3.1-8b',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather', parameters: { type: 'object' }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      parallel_tool_calls: false,
      temperature: 0.3,
      top_p: 0.8,
      max_tokens: 64,
      stop: ['END'],
      seed: 3,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      reasoning_effort: 'low',
      user: 'u1',
    });
  });
});
