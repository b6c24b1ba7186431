import type { ConversationItem } from '@latticelm/api';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, normalizeRequest } from '@latticelm/api';
import { PART_SIGNATURE_PREFIX, THOUGHT_SIGNATURE_PREFIX, callIdFactory, nameFromGeneratedCallId } from './gemini-call-ids';
import { toGeminiRequest } from './to-gemini-request';

function providerRequest(body: Record<string, unknown>, model = 'gemini-2.5-flash') {
  const { model: _m, provider: _p, previousResponseId: _r, ...rest } = normalizeRequest({ model: 'gemini', ...body });
  return { ...rest, input: rest.input as ConversationItem[], model };
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('toGeminiRequest', () => {
  it('maps roles, merges consecutive turns and collects the system instruction', () => {
    const { model, contents, config } = toGeminiRequest(
      providerRequest({
        instructions: 'Be brief.',
        input: [
          { role: 'developer', content: 'Answer in French.' },
          { role: 'user', content: 'Hi' },
          { role: 'user', content: [{ type: 'input_text', text: 'there' }] },
          { role: 'assistant', content: 'Bonjour.' },
          { role: 'system', content: 'Stay polite.' },
          { role: 'user', content: 'Thanks' },
        ],
      }),
    );
    assert.equal(model, 'gemini-2.5-flash');
    assert.deepEqual(config.systemInstruction, { parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }, { text: 'Stay polite.' }] });
    assert.deepEqual(contents, [
      { role: 'user', parts: [{ text: 'Hi' }, { text: 'there' }] },
      { role: 'model', parts: [{ text: 'Bonjour.' }] },
      { role: 'user', parts: [{ text: 'Thanks' }] },
    ]);
  });

  it('sends base64 as inlineData and URLs as fileData with a mime type inferred from the extension', () => {
    const { contents } = toGeminiRequest(
      providerRequest({
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_image', image_url: `data:image/png;base64,${PNG}` },
              { type: 'input_image', image_url: 'https://example.com/cat.JPG?size=2' },
              { type: 'input_image', image_url: 'https://example.com/render' },
              { type: 'input_file', file_data: 'JVBERi0=', filename: 'report.pdf' },
              { type: 'input_file', file_url: 'gs://bucket/notes.txt' },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(contents[0].parts, [
      { inlineData: { mimeType: 'image/png', data: PNG } },
      { fileData: { fileUri: 'https://example.com/cat.JPG?size=2', mimeType: 'image/jpeg' } },
      { fileData: { fileUri: 'https://example.com/render', mimeType: 'image/png' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
      { fileData: { fileUri: 'gs://bucket/notes.txt', mimeType: 'text/plain' } },
    ]);
  });

  it('rejects an image reference Gemini cannot fetch with a 400', () => {
    assert.throws(
      () => toGeminiRequest(providerRequest({ input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'ftp://host/a.png' }] }] })),
      (error: unknown) => error instanceof GatewayError && error.status === 400,
    );
  });

  it('declares tools with their JSON schema and maps every tool_choice', () => {
    const tool = { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
    const choices: [unknown, unknown][] = [
      ['auto', { functionCallingConfig: { mode: 'AUTO' } }],
      ['none', { functionCallingConfig: { mode: 'NONE' } }],
      ['required', { functionCallingConfig: { mode: 'ANY' } }],
      [{ type: 'function', name: 'get_weather' }, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } }],
    ];
    for (const [choice, expected] of choices) {
      const { config } = toGeminiRequest(providerRequest({ input: 'x', tools: [tool], tool_choice: choice }));
      assert.deepEqual(config.tools, [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather', parametersJsonSchema: tool.parameters }] }]);
      assert.deepEqual(config.toolConfig, expected);
    }
    assert.equal(toGeminiRequest(providerRequest({ input: 'x' })).config.toolConfig, undefined, 'no toolConfig without tools');
  });

  it('maps sampling, limits and structured output into the generation config', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const { config } = toGeminiRequest(
      providerRequest({
        input: 'x',
        temperature: 0.2,
        top_p: 0.9,
        max_output_tokens: 64,
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
        text: { format: { type: 'json_schema', name: 'person', schema, strict: true } },
      }),
    );
    assert.equal(config.temperature, 0.2);
    assert.equal(config.topP, 0.9);
    assert.equal(config.maxOutputTokens, 64);
    assert.equal(config.presencePenalty, 0.5);
    assert.equal(config.frequencyPenalty, 0.25);
    assert.equal(config.responseMimeType, 'application/json');
    assert.deepEqual(config.responseJsonSchema, schema);
    const jsonObject = toGeminiRequest(providerRequest({ input: 'x', text: { format: { type: 'json_object' } } })).config;
    assert.equal(jsonObject.responseMimeType, 'application/json');
    assert.equal(jsonObject.responseJsonSchema, undefined);
  });

  it('asks Gemini 2.5 for a thinking budget and Gemini 3 for a thinking level', () => {
    assert.deepEqual(toGeminiRequest(providerRequest({ input: 'x', reasoning: { effort: 'low', summary: 'auto' } })).config.thinkingConfig, {
      thinkingBudget: 2048,
      includeThoughts: true,
    });
    assert.deepEqual(toGeminiRequest(providerRequest({ input: 'x', reasoning: { effort: 'none' } })).config.thinkingConfig, { thinkingBudget: 0 });
    assert.deepEqual(toGeminiRequest(providerRequest({ input: 'x', reasoning: { effort: 'high' } }, 'gemini-3-pro-preview')).config.thinkingConfig, {
      thinkingLevel: 'HIGH',
    });
    assert.equal(toGeminiRequest(providerRequest({ input: 'x' })).config.thinkingConfig, undefined);
  });
});

describe('call ids and thought signatures across turns', () => {
  it('gives a text-part signature back on the text before its reasoning item, and drops one with nothing to sign', () => {
    const { contents } = toGeminiRequest(
      providerRequest({
        input: [
          { role: 'user', content: 'How many rs in strawberry?' },
          { type: 'reasoning', summary: [], encrypted_content: `${PART_SIGNATURE_PREFIX}bG9zdA==` },
          { type: 'message', role: 'assistant', content: 'Three.' },
          { type: 'reasoning', summary: [], encrypted_content: `${PART_SIGNATURE_PREFIX}RXFzRkNx` },
          { role: 'user', content: 'Sure?' },
        ],
      }),
    );
    assert.deepEqual(contents, [
      { role: 'user', parts: [{ text: 'How many rs in strawberry?' }] },
      { role: 'model', parts: [{ text: 'Three.', thoughtSignature: 'RXFzRkNx' }] },
      { role: 'user', parts: [{ text: 'Sure?' }] },
    ]);
  });

  it('sends a generated call back as functionCall + functionResponse named after the call, without the made-up id', () => {
    const callId = callIdFactory('0a1b2c3d')('get_weather', 0);
    assert.equal(nameFromGeneratedCallId(callId), 'get_weather');
    const { contents } = toGeminiRequest(
      providerRequest({
        input: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          { type: 'reasoning', summary: [], encrypted_content: `${THOUGHT_SIGNATURE_PREFIX}c2lnbmF0dXJl` },
          { type: 'function_call', call_id: callId, name: 'get_weather', arguments: '{"city":"Paris"}' },
          { type: 'function_call', call_id: 'vendor-id-2', name: 'get_weather', arguments: '{"city":"Rome"}' },
          { type: 'function_call_output', call_id: callId, output: '{"sky":"sunny"}' },
          { type: 'function_call_output', call_id: 'vendor-id-2', output: 'rain' },
        ],
      }),
    );
    assert.deepEqual(contents, [
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnbmF0dXJl' },
          { functionCall: { name: 'get_weather', args: { city: 'Rome' }, id: 'vendor-id-2' } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { output: { sky: 'sunny' } } } },
          { functionResponse: { name: 'get_weather', response: { output: 'rain' }, id: 'vendor-id-2' } },
        ],
      },
    ]);
  });

  it('finds the function name of a generated id even when the call itself is not in the input', () => {
    const callId = callIdFactory('00000000')('lookup_order', 3);
    const { contents } = toGeminiRequest(providerRequest({ input: [{ type: 'function_call_output', call_id: callId, output: 'shipped' }] }));
    assert.deepEqual(contents[0].parts, [{ functionResponse: { name: 'lookup_order', response: { output: 'shipped' } } }]);
  });

  it('rejects a result for an unknown foreign call id, and reasoning state from other vendors is ignored', () => {
    assert.throws(
      () => toGeminiRequest(providerRequest({ input: [{ type: 'function_call_output', call_id: 'call_openai_1', output: 'x' }] })),
      (error: unknown) => error instanceof GatewayError && error.status === 400 && /call_openai_1/.test(error.message),
    );
    const { contents } = toGeminiRequest(
      providerRequest({
        input: [
          { type: 'reasoning', summary: [], encrypted_content: 'anthropic-signature' },
          { role: 'assistant', content: 'Hi' },
        ],
      }),
    );
    assert.deepEqual(contents, [{ role: 'model', parts: [{ text: 'Hi' }] }]);
  });

  it('rejects function_call arguments that are not a JSON object', () => {
    assert.throws(
      () => toGeminiRequest(providerRequest({ input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '[1,2]' }] })),
      (error: unknown) => error instanceof GatewayError && error.status === 400,
    );
  });
});
