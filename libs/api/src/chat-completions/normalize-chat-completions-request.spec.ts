import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../gateway-error';
import { normalizeChatCompletionsRequest } from './normalize-chat-completions-request';

function refusal(body: unknown): { param: string | null; code: string } {
  try {
    normalizeChatCompletionsRequest(body);
  } catch (error) {
    assert.ok(error instanceof GatewayError);
    assert.equal(error.status, 400);
    return { param: error.param, code: error.code };
  }
  assert.fail('expected a 400');
}

/** The items without the ids the normalizer gives them. */
function itemsOf(body: Record<string, unknown>): unknown[] {
  return normalizeChatCompletionsRequest({ model: 'm', ...body }).request.input.map((item) => {
    const { id: _id, status: _status, ...rest } = item as unknown as Record<string, unknown>;
    return rest;
  });
}

describe('normalizeChatCompletionsRequest', () => {
  it('turns every role into Open Responses items: tool calls after their message, tool messages as outputs', () => {
    const items = itemsOf({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        {
          role: 'user',
          name: 'ada',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Let me look.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"a"}' } },
            { id: 'call_2', type: 'function', function: { name: 'lookup', arguments: '{"q":"b"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'A' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'B' }] },
        { role: 'assistant', content: null, refusal: 'I cannot.' },
      ],
    });
    assert.deepEqual(items, [
      { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Be brief.' }] },
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'Use metric units.' }] },
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'What is this?' },
          { type: 'input_image', image_url: 'https://example.com/a.png', detail: 'low' },
          { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' },
        ],
      },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me look.', annotations: [] }] },
      { type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{"q":"a"}' },
      { type: 'function_call', call_id: 'call_2', name: 'lookup', arguments: '{"q":"b"}' },
      { type: 'function_call_output', call_id: 'call_1', output: 'A' },
      { type: 'function_call_output', call_id: 'call_2', output: 'B' },
      { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot.' }] },
    ]);
  });

  it('maps tools, tool_choice, response_format, limits and the sampling fields', () => {
    const { request, includeUsage } = normalizeChatCompletionsRequest({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} }, strict: true } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
      max_completion_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      seed: 7,
      reasoning_effort: 'low',
      user: 'u1',
      metadata: { team: 'a' },
      stream: true,
      stream_options: { include_usage: true },
      logit_bias: { '50256': -100 },
      n: 1,
      logprobs: false,
    });
    assert.deepEqual(request.tools, [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} }, strict: true }]);
    assert.deepEqual(request.toolChoice, { type: 'function', name: 'get_weather' });
    assert.equal(request.parallelToolCalls, false);
    assert.deepEqual(request.textFormat, { type: 'json_schema', name: 'answer', description: null, schema: { type: 'object' }, strict: true });
    assert.equal(request.maxOutputTokens, 100);
    assert.equal(request.temperature, 0.2);
    assert.equal(request.topP, 0.9);
    assert.deepEqual(request.stopSequences, ['END']);
    assert.equal(request.seed, 7);
    assert.deepEqual(request.reasoning, { effort: 'low' });
    assert.equal(request.user, 'u1');
    assert.deepEqual(request.metadata, { team: 'a' });
    assert.equal(request.stream, true);
    assert.equal(includeUsage, true);
    // Chat Completions stores nothing unless asked
    assert.equal(request.store, false);
    assert.deepEqual(request.vendorFields, { logit_bias: { '50256': -100 } });
  });

  it('takes the deprecated max_tokens and json_object, and stores when asked', () => {
    const { request, includeUsage } = normalizeChatCompletionsRequest({
      model: 'm',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 50,
      response_format: { type: 'json_object' },
      store: true,
    });
    assert.equal(request.maxOutputTokens, 50);
    assert.deepEqual(request.textFormat, { type: 'json_object' });
    assert.equal(request.store, true);
    assert.equal(includeUsage, false);
  });

  it('refuses what it cannot honour, naming the Chat Completions field', () => {
    const messages = [{ role: 'user', content: 'Hi' }];
    assert.deepEqual(refusal({ model: 'm', messages, n: 2 }), { param: 'n', code: 'unsupported_parameter' });
    assert.deepEqual(refusal({ model: 'm', messages, logprobs: true }), { param: 'logprobs', code: 'unsupported_parameter' });
    assert.deepEqual(refusal({ model: 'm', messages, top_logprobs: 3 }), { param: 'top_logprobs', code: 'unsupported_parameter' });
    assert.deepEqual(refusal({ model: 'm', messages, functions: [] }), { param: 'functions', code: 'unsupported_parameter' });
    assert.deepEqual(refusal({ model: 'm', messages, bogus: 1 }), { param: 'bogus', code: 'unknown_parameter' });
    assert.deepEqual(refusal({ model: 'm', messages, max_tokens: 5, max_completion_tokens: 6 }), { param: 'max_tokens', code: 'invalid_request' });
    assert.deepEqual(refusal({ model: 'm', messages, stop: ['a', 'b', 'c', 'd', 'e'] }), { param: 'stop', code: 'invalid_request' });
    assert.deepEqual(refusal({ model: 'm', messages, tools: [{ type: 'custom', custom: { name: 'x' } }] }), { param: 'tools[0].type', code: 'unsupported_parameter' });
    assert.deepEqual(refusal({ model: 'm' }), { param: 'messages', code: 'missing_required_parameter' });
    assert.deepEqual(refusal({ model: 'm', messages: [{ role: 'narrator', content: 'x' }] }), { param: 'messages[0].role', code: 'invalid_request' });
    assert.deepEqual(refusal({ model: 'm', messages: [{ role: 'tool', content: 'x' }] }), { param: 'messages[0].tool_call_id', code: 'missing_required_parameter' });
    assert.deepEqual(
      refusal({ model: 'm', messages: [{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }] }] }),
      { param: 'messages[0].tool_calls[0].function.arguments', code: 'invalid_request' },
    );
    assert.deepEqual(
      refusal({ model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x' } }] }] }),
      { param: 'messages[0].content[0].image_url.url', code: 'invalid_request' },
    );
    assert.deepEqual(
      refusal({ model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }] }] }),
      { param: 'messages[0].content[0].type', code: 'unsupported_parameter' },
    );
    assert.deepEqual(refusal({ model: 'm', messages, temperature: 3 }), { param: 'temperature', code: 'invalid_request' });
  });
});
