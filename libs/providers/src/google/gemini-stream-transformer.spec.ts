import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FinishReason, GenerateContentResponse } from '@google/genai';
import { GatewayError } from '@latticelm/api';
import type { ProviderEvent } from '../provider-event';
import { PART_SIGNATURE_PREFIX, THOUGHT_SIGNATURE_PREFIX } from './gemini-call-ids';
import { GeminiStreamTransformer, fromGeminiResponse } from './gemini-stream-transformer';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';

/** Chunks as streamGenerateContent?alt=sse sends them (https://ai.google.dev/api/generate-content#v1beta.GenerateContentResponse). */
function response(body: Record<string, unknown>): GenerateContentResponse {
  return Object.assign(new GenerateContentResponse(), body);
}

const ids = (name: string, index: number) => `call_${index}_${name}`;

function stream(chunks: Record<string, unknown>[]): ProviderEvent[] {
  const transformer = new GeminiStreamTransformer('google', ids);
  const events: ProviderEvent[] = [];
  for (const chunk of chunks) events.push(...transformer.transform(response(chunk)));
  events.push(...transformer.end());
  return events;
}

const TEXT_CHUNKS = [
  {
    candidates: [{ content: { parts: [{ text: 'The sky' }], role: 'model' }, index: 0 }],
    usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'abc',
  },
  {
    candidates: [{ content: { parts: [{ text: ' is blue.' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: 9,
      candidatesTokenCount: 5,
      thoughtsTokenCount: 40,
      cachedContentTokenCount: 4,
      totalTokenCount: 54,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 9 }],
    },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'abc',
  },
];

describe('Gemini thought signatures on text parts', () => {
  it('keeps the signature a stream gives in a last, empty text part, after the text', () => {
    const events = stream([
      { candidates: [{ content: { parts: [{ text: 'There are 3' }], role: 'model' }, index: 0 }] },
      { candidates: [{ content: { parts: [{ text: '', thoughtSignature: 'RXFzRkNx' }], role: 'model' }, finishReason: 'STOP', index: 0 }] },
    ]);
    assert.deepEqual(events.slice(0, 2), [
      { type: 'text.delta', delta: 'There are 3' },
      { type: 'reasoning.encrypted', data: `${PART_SIGNATURE_PREFIX}RXFzRkNx` },
    ]);
  });

  it('keeps the signature of a whole text part after its text', () => {
    const events = [...fromGeminiResponse('google', response({ candidates: [{ content: { parts: [{ text: 'Three.', thoughtSignature: 'RXN3Rg==' }], role: 'model' }, finishReason: 'STOP' }] }), ids)];
    assert.deepEqual(events.slice(0, 2), [
      { type: 'text.delta', delta: 'Three.' },
      { type: 'reasoning.encrypted', data: `${PART_SIGNATURE_PREFIX}RXN3Rg==` },
    ]);
  });
});

describe('GeminiStreamTransformer', () => {
  it('streams text and gives the last chunk’s usage once at the end, thoughts counted as output', () => {
    assert.deepEqual(stream(TEXT_CHUNKS), [
      { type: 'text.delta', delta: 'The sky' },
      { type: 'text.delta', delta: ' is blue.' },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 45, cachedTokens: 4, reasoningTokens: 40 } },
      { type: 'model', model: 'gemini-2.5-flash' },
      { type: 'finish', reason: 'stop', vendorReason: 'STOP' },
    ]);
  });

  it('turns a whole function call in one chunk into start, one delta and done, with generated ids', () => {
    const events = stream([
      {
        candidates: [
          {
            content: {
              parts: [
                { functionCall: { name: 'get_weather', args: { city: 'Rome' } }, thoughtSignature: 'c2ln' },
                { functionCall: { name: 'get_weather', args: { city: 'Lima' } } },
              ],
              role: 'model',
            },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 10, totalTokenCount: 30 },
      },
    ]);
    assert.deepEqual(events, [
      { type: 'reasoning.encrypted', data: `${THOUGHT_SIGNATURE_PREFIX}c2ln` },
      { type: 'tool_call.start', callId: 'call_0_get_weather', name: 'get_weather' },
      { type: 'tool_call.delta', callId: 'call_0_get_weather', delta: '{"city":"Rome"}' },
      { type: 'tool_call.done', callId: 'call_0_get_weather', arguments: '{"city":"Rome"}' },
      { type: 'tool_call.start', callId: 'call_1_get_weather', name: 'get_weather' },
      { type: 'tool_call.delta', callId: 'call_1_get_weather', delta: '{"city":"Lima"}' },
      { type: 'tool_call.done', callId: 'call_1_get_weather', arguments: '{"city":"Lima"}' },
      { type: 'usage', usage: { inputTokens: 20, outputTokens: 10, cachedTokens: 0, reasoningTokens: 0 } },
      { type: 'finish', reason: 'tool_calls', vendorReason: 'STOP' },
    ]);
  });

  it('keeps the id Gemini gives a function call', () => {
    const events = stream([
      { candidates: [{ content: { parts: [{ functionCall: { id: 'fc-77', name: 'f', args: {} } }], role: 'model' }, finishReason: 'STOP' }] },
    ]);
    assert.deepEqual(events[0], { type: 'tool_call.start', callId: 'fc-77', name: 'f' });
  });

  it('turns thought parts into reasoning summary deltas', () => {
    const events = stream([
      { candidates: [{ content: { parts: [{ text: 'Considering the question…', thought: true }], role: 'model' } }] },
      { candidates: [{ content: { parts: [{ text: 'Answer.' }], role: 'model' }, finishReason: 'STOP' }] },
    ]);
    assert.deepEqual(events.slice(0, 2), [
      { type: 'reasoning.summary.delta', delta: 'Considering the question…' },
      { type: 'text.delta', delta: 'Answer.' },
    ]);
  });

  it('ends MAX_TOKENS as max_output_tokens and SAFETY as content_filter', () => {
    const finish = (reason: string) => stream([{ candidates: [{ content: { parts: [{ text: 'a' }], role: 'model' }, finishReason: reason }] }]).at(-1);
    assert.deepEqual(finish('MAX_TOKENS'), { type: 'finish', reason: 'max_output_tokens', vendorReason: 'MAX_TOKENS' });
    assert.deepEqual(finish('SAFETY'), { type: 'finish', reason: 'content_filter', vendorReason: 'SAFETY' });
  });

  it('treats a prompt blocked before generation as content_filter', () => {
    const events = stream([{ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 } }]);
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'content_filter', vendorReason: 'PROHIBITED_CONTENT' });
  });

  it('fails a stream that ends without a finish reason', () => {
    const transformer = new GeminiStreamTransformer('google', ids);
    Array.from(transformer.transform(response(TEXT_CHUNKS[0])));
    assert.throws(() => [...transformer.end()], (error: unknown) => error instanceof GatewayError && error.code === 'upstream_stream_error');
  });
});

describe('fromGeminiResponse', () => {
  it('gives a whole generateContent response the events of a one-chunk stream', () => {
    const events = [
      ...fromGeminiResponse(
        'google',
        response({
          candidates: [{ content: { parts: [{ text: 'Hi ' }, { text: 'there' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
          usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
          modelVersion: 'gemini-2.5-flash-001',
        }),
        ids,
      ),
    ];
    assert.deepEqual(events, [
      { type: 'text.delta', delta: 'Hi ' },
      { type: 'text.delta', delta: 'there' },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 2, cachedTokens: 0, reasoningTokens: 0 } },
      { type: 'model', model: 'gemini-2.5-flash-001' },
      { type: 'finish', reason: 'stop', vendorReason: 'STOP' },
    ]);
  });
});

describe('mapGeminiFinishReason', () => {
  it('maps every safety reason to content_filter and the rest as documented', () => {
    for (const reason of [
      FinishReason.SAFETY,
      FinishReason.RECITATION,
      FinishReason.BLOCKLIST,
      FinishReason.PROHIBITED_CONTENT,
      FinishReason.SPII,
      FinishReason.IMAGE_SAFETY,
    ]) {
      assert.equal(mapGeminiFinishReason(reason, false), 'content_filter', reason);
    }
    assert.equal(mapGeminiFinishReason(FinishReason.STOP, false), 'stop');
    assert.equal(mapGeminiFinishReason(FinishReason.STOP, true), 'tool_calls');
    assert.equal(mapGeminiFinishReason(FinishReason.MAX_TOKENS, true), 'max_output_tokens');
    assert.equal(mapGeminiFinishReason(FinishReason.MALFORMED_FUNCTION_CALL, false), 'unknown');
    assert.equal(mapGeminiFinishReason('SOMETHING_NEW' as FinishReason, false), 'unknown');
    assert.equal(mapGeminiFinishReason(undefined, false, 'SAFETY'), 'content_filter');
  });
});
