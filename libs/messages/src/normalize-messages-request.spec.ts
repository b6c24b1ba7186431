import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '@latticelm/api';
import { normalizeMessagesRequest } from './normalize-messages-request';

const base = { model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }] };

function refused(body: Record<string, unknown>, param: string, code?: string): void {
  assert.throws(
    () => normalizeMessagesRequest(body),
    (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 400);
      assert.equal(error.param, param, error.message);
      if (code) assert.equal(error.code, code);
      return true;
    },
  );
}

/** Item fields that do not depend on the run (ids are fresh each time). */
function withoutIds(items: unknown[]): unknown[] {
  return items.map((item) => {
    const { id: _id, ...rest } = item as Record<string, unknown>;
    return rest;
  });
}

describe('normalizeMessagesRequest', () => {
  it('a plain request: system blocks joined into instructions, max_tokens, sampling, stop sequences, user id, never stored', () => {
    const request = normalizeMessagesRequest({
      ...base,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }, { type: 'text', text: 'Be kind.' }],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
      cache_control: { type: 'ephemeral' },
      service_tier: 'auto',
    });
    assert.equal(request.instructions, 'Be brief.\n\nBe kind.');
    assert.deepEqual([request.maxOutputTokens, request.temperature, request.topP, request.topK], [1024, 0.5, 0.9, 40]);
    assert.deepEqual(request.stopSequences, ['END']);
    assert.equal(request.user, 'u-1');
    assert.equal(request.store, false);
    assert.equal(request.stream, false);
    assert.deepEqual(withoutIds(request.input), [{ type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }]);
  });

  it('a conversation: tool_use and thinking in the assistant turn, tool_result and media in the user turn, each in place', () => {
    const request = normalizeMessagesRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look:' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
            { type: 'document', title: 'spec.pdf', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain' } },
            { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Hmm.', signature: 'sig_1' },
            { type: 'redacted_thinking', data: 'opaque' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'sunny' }], is_error: false },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
    });
    assert.deepEqual(withoutIds(request.input), [
      {
        type: 'message',
        status: 'completed',
        role: 'user',
        content: [
          { type: 'input_text', text: 'Look:' },
          { type: 'input_image', image_url: 'data:image/png;base64,iVBOR', detail: 'auto' },
          { type: 'input_image', image_url: 'https://example.com/a.jpg', detail: 'auto' },
          { type: 'input_file', file_data: 'data:application/pdf;base64,JVBER', filename: 'spec.pdf' },
          { type: 'input_file', file_data: `data:text/plain;base64,${Buffer.from('plain').toString('base64')}` },
          { type: 'input_file', file_url: 'https://example.com/a.pdf' },
        ],
      },
      { type: 'reasoning', summary: [], content: [{ type: 'reasoning_text', text: 'Hmm.' }], encrypted_content: 'sig_1' },
      { type: 'reasoning', summary: [], encrypted_content: 'anthropic.redacted_thinking:opaque' },
      { type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.', annotations: [] }] },
      { type: 'function_call', call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}', status: 'completed' },
      { type: 'function_call_output', call_id: 'toolu_1', output: [{ type: 'input_text', text: 'sunny' }], status: 'completed' },
      { type: 'message', status: 'completed', role: 'user', content: [{ type: 'input_text', text: 'And tomorrow?' }] },
    ]);
  });

  it('tools and tool_choice: any is required, tool names the function, disable_parallel_tool_use turns parallel calls off', () => {
    const tools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } }];
    const any = normalizeMessagesRequest({ ...base, tools, tool_choice: { type: 'any', disable_parallel_tool_use: true } });
    assert.deepEqual(any.tools, [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} }, strict: null }]);
    assert.equal(any.toolChoice, 'required');
    assert.equal(any.parallelToolCalls, false);
    assert.deepEqual(normalizeMessagesRequest({ ...base, tools, tool_choice: { type: 'tool', name: 'get_weather' } }).toolChoice, { type: 'function', name: 'get_weather' });
    assert.equal(normalizeMessagesRequest({ ...base, tools, tool_choice: { type: 'none' } }).toolChoice, 'none');
    assert.equal(normalizeMessagesRequest({ ...base, tools }).toolChoice, 'auto');
    const deferred = { name: 'later', input_schema: { type: 'object' }, defer_loading: true };
    assert.deepEqual(normalizeMessagesRequest({ ...base, tools: [...tools, deferred] }).tools.map((tool) => tool.name), ['get_weather'], 'a deferred tool is not offered');
  });

  it('thinking: the budget picks the smallest effort that covers it; adaptive is medium; disabled asks for none', () => {
    const effort = (thinking: unknown, max = 40000) => normalizeMessagesRequest({ ...base, max_tokens: max, thinking }).reasoning;
    assert.deepEqual(effort({ type: 'enabled', budget_tokens: 1024 }), { effort: 'low', summary: 'auto' });
    assert.deepEqual(effort({ type: 'enabled', budget_tokens: 2048 }), { effort: 'medium', summary: 'auto' });
    assert.deepEqual(effort({ type: 'enabled', budget_tokens: 10000 }), { effort: 'high', summary: 'auto' });
    assert.deepEqual(effort({ type: 'enabled', budget_tokens: 32000 }), { effort: 'xhigh', summary: 'auto' });
    assert.deepEqual(effort({ type: 'enabled', budget_tokens: 1024, display: 'omitted' }), { effort: 'low' });
    assert.deepEqual(effort({ type: 'adaptive' }), { effort: 'medium', summary: 'auto' });
    assert.equal(effort({ type: 'disabled' }), undefined);
    assert.deepEqual(normalizeMessagesRequest({ ...base, output_config: { effort: 'max' } }).reasoning, { effort: 'xhigh', summary: 'auto' });
    refused({ ...base, thinking: { type: 'enabled', budget_tokens: 512 } }, 'thinking.budget_tokens');
    refused({ ...base, max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 2000 } }, 'thinking.budget_tokens');
  });

  it('structured output: output_config.format is a json_schema text format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    assert.deepEqual(normalizeMessagesRequest({ ...base, output_config: { format: { type: 'json_schema', schema } } }).textFormat, {
      type: 'json_schema', name: 'output', description: null, schema, strict: true,
    });
  });

  it('count_tokens: max_tokens is not needed, and stream does not apply', () => {
    const { max_tokens: _max, ...body } = base;
    assert.equal(normalizeMessagesRequest(body, 'count_tokens').maxOutputTokens, undefined);
    assert.throws(() => normalizeMessagesRequest({ ...body, stream: true }, 'count_tokens'), /stream/);
  });

  it('every refusal names its field', () => {
    const { max_tokens: _max, ...noMax } = base;
    refused(noMax, 'max_tokens', 'missing_required_parameter');
    refused({ ...base, messages: [] }, 'messages');
    refused({ ...base, frequency_penalty: 1 }, 'frequency_penalty', 'unknown_parameter');
    refused({ ...base, container: 'c_1' }, 'container', 'unsupported_parameter');
    refused({ ...base, mcp_servers: [{ type: 'url', url: 'https://x', name: 'x' }] }, 'mcp_servers', 'unsupported_parameter');
    refused({ ...base, temperature: 1.5 }, 'temperature');
    refused({ ...base, metadata: { session: 'x' } }, 'metadata.session', 'unknown_parameter');
    refused({ ...base, messages: [{ role: 'tool', content: 'x' }] }, 'messages[0].role');
    refused({ ...base, context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] } }, 'context_management.edits[0]', 'unsupported_parameter');
    refused({ ...base, messages: [{ role: 'user', content: [{ type: 'search_result', source: 'x' }] }] }, 'messages[0].content[0].type', 'unsupported_parameter');
    refused({ ...base, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] }] }, 'messages[0].content[0].source.type', 'unsupported_parameter');
    refused({ ...base, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n', input: '{}' }] }] }, 'messages[0].content[0].input');
    refused({ ...base, tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'tools[0].type', 'unsupported_parameter');
    refused({ ...base, tools: [{ name: 'a', input_schema: { type: 'object' }, input_examples: [{}] }] }, 'tools[0].input_examples', 'unsupported_parameter');
    refused({ ...base, tools: [{ name: 'a' }] }, 'tools[0].input_schema', 'missing_required_parameter');
    refused({ ...base, tool_choice: { type: 'required' } }, 'tool_choice.type');
    refused({ ...base, stop_sequences: [''] }, 'stop_sequences[0]');
    refused({ ...base, thinking: { type: 'between_tools' } }, 'thinking.type', 'unsupported_parameter');
  });
});
