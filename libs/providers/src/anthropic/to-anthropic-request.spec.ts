import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConversationItem, GatewayError, NormalizedRequest, normalizeRequest } from '@latticelm/api';
import type { ProviderRequest } from '../provider';
import { ThinkingRun } from './anthropic-thinking';
import { toAnthropicRequest } from './to-anthropic-request';

const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function requestOf(body: Record<string, unknown>, extra: Partial<ProviderRequest> = {}): ProviderRequest {
  const normalized: NormalizedRequest = normalizeRequest({ model: 'claude-sonnet-4-6', ...body });
  const { model: _model, provider: _provider, previousResponseId: _previous, ...rest } = normalized;
  return { ...rest, input: rest.input as ConversationItem[], model: 'claude-sonnet-4-6', ...extra };
}

const convert = (body: Record<string, unknown>, extra: Partial<ProviderRequest> = {}) =>
  toAnthropicRequest(requestOf(body, extra), { provider: 'anthropic', defaultMaxTokens: 4096 });

function rejects(body: Record<string, unknown>, param: string, message: RegExp): void {
  assert.throws(
    () => convert(body),
    (error: unknown) => error instanceof GatewayError && error.status === 400 && error.param === param && message.test(error.message),
  );
}

describe('toAnthropicRequest', () => {
  it('puts instructions and system / developer messages in `system` and keeps user / assistant turns', () => {
    const params = convert({
      instructions: 'Be brief.',
      input: [
        { role: 'system', content: 'You are a pirate.' },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: 'Answer in French.' },
        { role: 'assistant', content: 'Ahoy' },
        { role: 'user', content: 'Again' },
      ],
    });
    assert.equal(params.system, 'Be brief.\n\nYou are a pirate.\n\nAnswer in French.');
    assert.deepEqual(params.messages, [
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Ahoy' }] },
      { role: 'user', content: [{ type: 'text', text: 'Again' }] },
    ]);
  });

  it('merges consecutive same-role turns', () => {
    const params = convert({ input: [{ role: 'user', content: 'one' }, { role: 'user', content: 'two' }] });
    assert.deepEqual(params.messages, [{ role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] }]);
  });

  it('puts tool_use in the assistant turn and tool_result first in the following user turn, ids kept', () => {
    const params = convert({
      tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
      input: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        { role: 'assistant', content: 'Checking.' },
        { type: 'function_call', call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'toolu_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
        { role: 'user', content: 'hurry' },
        { type: 'function_call_output', call_id: 'toolu_1', output: 'sunny' },
        { type: 'function_call_output', call_id: 'toolu_2', output: [{ type: 'input_text', text: 'rainy' }] },
      ],
    });
    assert.deepEqual(params.messages, [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: 'rainy' }] },
          { type: 'text', text: 'hurry' },
        ],
      },
    ]);
  });

  it('refuses function_call arguments that are not a JSON object', () => {
    rejects({ input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '[1]' }] }, 'input[0].arguments', /JSON object/);
  });

  it('sends images by URL and base64 data URL', () => {
    const params = convert({
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_image', image_url: `data:image/png;base64,${PNG_BASE64}` },
            { type: 'input_image', image_url: 'https://example.com/cat.jpg' },
          ],
        },
      ],
    });
    assert.deepEqual(params.messages[0].content, [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('refuses image types the vendor cannot read', () => {
    rejects({ input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'data:image/tiff;base64,AAAA' }] }] }, 'input[0].content[0].image_url', /image\/tiff.*provider 'anthropic'/);
  });

  it('sends PDFs (base64, data URL, URL) and plain text as document blocks', () => {
    const params = convert({
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_file', filename: 'a.pdf', file_data: 'JVBERi0xLjQ=' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0xLjQ=' },
            { type: 'input_file', file_url: 'https://example.com/b.pdf' },
            { type: 'input_file', filename: 'notes.txt', file_data: Buffer.from('hello').toString('base64') },
          ],
        },
      ],
    });
    assert.deepEqual(params.messages[0].content, [
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' }, title: 'a.pdf' },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' } },
      { type: 'document', source: { type: 'url', url: 'https://example.com/b.pdf' } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello' }, title: 'notes.txt' },
    ]);
  });

  it('refuses other file types with a 400 naming the feature and the provider', () => {
    rejects(
      { input: [{ role: 'user', content: [{ type: 'input_file', filename: 'sheet.xlsx', file_data: 'UEsDBA==' }] }] },
      'input[0].content[0].file_data',
      /input_file of type 'application\/xlsx'.*not supported by provider 'anthropic'/,
    );
  });

  it('declares function tools with input_schema and maps every tool_choice', () => {
    const tools = [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: {} } }, { type: 'function', name: 'noop' }];
    const params = convert({ input: 'x', tools });
    assert.deepEqual(params.tools, [
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {} } },
      { name: 'noop', input_schema: { type: 'object', properties: {} } },
    ]);
    assert.deepEqual(params.tool_choice, { type: 'auto' });
    assert.deepEqual(convert({ input: 'x', tools, tool_choice: 'none' }).tool_choice, { type: 'none' });
    assert.deepEqual(convert({ input: 'x', tools, tool_choice: 'required' }).tool_choice, { type: 'any' });
    assert.deepEqual(convert({ input: 'x', tools, tool_choice: { type: 'function', name: 'noop' } }).tool_choice, { type: 'tool', name: 'noop' });
    assert.deepEqual(convert({ input: 'x', tools, parallel_tool_calls: false }).tool_choice, { type: 'auto', disable_parallel_tool_use: true });
    assert.equal(convert({ input: 'x' }).tool_choice, undefined);
  });

  it('takes max_tokens from the request, then the model default, then the provider default', () => {
    assert.equal(convert({ input: 'x', max_output_tokens: 100 }).max_tokens, 100);
    assert.equal(convert({ input: 'x' }, { defaultMaxOutputTokens: 2000 }).max_tokens, 2000);
    assert.equal(convert({ input: 'x' }).max_tokens, 4096);
  });

  it('maps reasoning effort to a thinking budget below max_tokens', () => {
    assert.deepEqual(convert({ input: 'x', reasoning: { effort: 'medium' } }).thinking, { type: 'enabled', budget_tokens: 4096 });
    assert.equal(convert({ input: 'x', reasoning: { effort: 'medium' } }).max_tokens, 4096 + 4096);
    const capped = convert({ input: 'x', reasoning: { effort: 'high' }, max_output_tokens: 8000 });
    assert.deepEqual([capped.max_tokens, capped.thinking], [8000, { type: 'enabled', budget_tokens: 7999 }]);
    assert.equal(convert({ input: 'x', reasoning: { effort: 'none' } }).thinking, undefined);
    rejects({ input: 'x', reasoning: { effort: 'low' }, max_output_tokens: 1000 }, 'max_output_tokens', /above 1024/);
  });

  it('replays thinking blocks with their signature and redacted thinking unchanged', () => {
    const input: ConversationItem[] = [
      { type: 'message', id: 'm1', status: 'completed', role: 'user', content: [{ type: 'input_text', text: 'q' }] },
      { type: 'reasoning', id: 'rs1', summary: [], content: [{ type: 'reasoning_text', text: 'thinking…' }], encrypted_content: 'sig_1' },
      { type: 'reasoning', id: 'rs2', summary: [], encrypted_content: new ThinkingRun().addRedacted('opaque') },
      { type: 'reasoning', id: 'rs3', summary: [{ type: 'summary_text', text: 'from another vendor' }] },
      { type: 'function_call', id: 'fc1', call_id: 'toolu_1', name: 'f', arguments: '{}', status: 'completed' },
      { type: 'function_call_output', id: 'fo1', call_id: 'toolu_1', output: 'done', status: 'completed' },
    ];
    const params = convert({ input: 'placeholder' }, { input });
    assert.deepEqual(params.messages[1], {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'thinking…', signature: 'sig_1' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} },
      ],
    });
  });

  it('asks for structured output through output_config.format', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    const params = convert({ input: 'x', text: { format: { type: 'json_schema', name: 'person', schema, strict: true } } });
    assert.deepEqual(params.output_config, { format: { type: 'json_schema', schema } });
    rejects({ input: 'x', text: { format: { type: 'json_object' } } }, 'text.format', /json_object/);
  });

  it('refuses parameters the Messages API does not have, naming them', () => {
    rejects({ input: 'x', presence_penalty: 0.5 }, 'presence_penalty', /provider 'anthropic'/);
    rejects({ input: 'x', frequency_penalty: 1 }, 'frequency_penalty', /provider 'anthropic'/);
    rejects({ input: 'x', temperature: 0.2 }, 'temperature', /provider 'anthropic'/);
    rejects({ input: 'x', top_p: 0.9 }, 'top_p', /provider 'anthropic'/);
    const defaults = convert({ input: 'x', temperature: 1, top_p: 1, presence_penalty: 0 }) as unknown as Record<string, unknown>;
    assert.equal('temperature' in defaults || 'top_p' in defaults, false);
  });

  it('passes the end user as metadata.user_id', () => {
    assert.deepEqual(convert({ input: 'x', user: 'user-42' }).metadata, { user_id: 'user-42' });
  });
});
