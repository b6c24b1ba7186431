import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GenerateContentResponse } from '@google/genai';
import type { ProviderEvent } from '../provider-event';
import { GeminiStreamTransformer, fromGeminiResponse } from './gemini-stream-transformer';

/**
 * Grounded answers in the shape of https://ai.google.dev/gemini-api/docs/google-search ("Understanding the
 * grounding response"), with offsets made consistent with the text: the em dash and en dash are 3 bytes each in
 * UTF-8 and one UTF-16 unit, so the byte offsets Gemini gives differ from the indexes the gateway must report.
 */
const FIRST = 'Spain won Euro 2024 — beating England 2–1.';
const SECOND = ' It is their fourth title.';
const TEXT = FIRST + SECOND;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const GROUNDING = {
  webSearchQueries: ['UEFA Euro 2024 winner', 'who won euro 2024'],
  searchEntryPoint: { renderedContent: '<!-- search widget -->' },
  groundingChunks: [
    { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/aljazeera', title: 'aljazeera.com' } },
    { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/uefa', title: 'uefa.com' } },
  ],
  groundingSupports: [
    { segment: { startIndex: 0, endIndex: bytes(FIRST), text: FIRST }, groundingChunkIndices: [0] },
    { segment: { startIndex: bytes(FIRST) + 1, endIndex: bytes(TEXT), text: SECOND.slice(1) }, groundingChunkIndices: [0, 1] },
  ],
};

const of = (body: Record<string, unknown>) => Object.assign(new GenerateContentResponse(), body);
const relevant = (events: ProviderEvent[]) => events.filter((event) => event.type === 'text.annotation' || event.type.startsWith('hosted_call'));

const expected: ProviderEvent[] = [
  { type: 'text.annotation', annotation: { type: 'url_citation', url: GROUNDING.groundingChunks[0].web.uri, title: 'aljazeera.com', start_index: 0, end_index: FIRST.length } },
  { type: 'text.annotation', annotation: { type: 'url_citation', url: GROUNDING.groundingChunks[0].web.uri, title: 'aljazeera.com', start_index: FIRST.length + 1, end_index: TEXT.length } },
  { type: 'text.annotation', annotation: { type: 'url_citation', url: GROUNDING.groundingChunks[1].web.uri, title: 'uefa.com', start_index: FIRST.length + 1, end_index: TEXT.length } },
  { type: 'hosted_call.start', key: 'google_search', item: { type: 'web_search_call', status: 'in_progress', action: { type: 'search', query: 'UEFA Euro 2024 winner' } } },
  { type: 'hosted_call.progress', key: 'google_search', event: 'response.web_search_call.in_progress' },
  { type: 'hosted_call.progress', key: 'google_search', event: 'response.web_search_call.searching' },
  { type: 'hosted_call.progress', key: 'google_search', event: 'response.web_search_call.completed' },
  {
    type: 'hosted_call.done',
    key: 'google_search',
    item: {
      type: 'web_search_call',
      status: 'completed',
      action: {
        type: 'search',
        query: 'UEFA Euro 2024 winner',
        queries: GROUNDING.webSearchQueries,
        sources: GROUNDING.groundingChunks.map((chunk) => ({ type: 'url', url: chunk.web.uri })),
      },
    },
  },
];

describe('Gemini Google Search grounding', () => {
  it('turns grounding supports into url_citation annotations (UTF-8 offsets → string indexes) and the queries into a web_search_call', () => {
    const response = of({ candidates: [{ content: { role: 'model', parts: [{ text: TEXT }] }, finishReason: 'STOP', groundingMetadata: GROUNDING }] });
    assert.deepEqual(relevant([...fromGeminiResponse('google', response, undefined, { grounding: true })]), expected);
  });

  it('reads the offsets over the whole streamed text, with the grounding on the last chunk', () => {
    const transformer = new GeminiStreamTransformer('google', undefined, { grounding: true });
    const events = [
      ...transformer.transform(of({ candidates: [{ content: { role: 'model', parts: [{ text: FIRST }] } }] })),
      ...transformer.transform(of({ candidates: [{ content: { role: 'model', parts: [{ text: SECOND }] }, finishReason: 'STOP', groundingMetadata: GROUNDING }] })),
      ...transformer.end(),
    ];
    assert.deepEqual(relevant(events), expected);
    // the annotations come while the message is open, the search item after it
    const types = events.map((event) => event.type);
    assert.ok(types.lastIndexOf('text.delta') < types.indexOf('text.annotation'));
  });

  it('falls back to the segment text when the offsets do not match it', () => {
    const shifted = { ...GROUNDING, groundingSupports: [{ segment: { startIndex: 3, endIndex: 9, text: SECOND.slice(1) }, groundingChunkIndices: [1] }] };
    const response = of({ candidates: [{ content: { role: 'model', parts: [{ text: TEXT }] }, finishReason: 'STOP', groundingMetadata: shifted }] });
    const [annotation] = relevant([...fromGeminiResponse('google', response, undefined, { grounding: true })]);
    assert.deepEqual(annotation, { type: 'text.annotation', annotation: { type: 'url_citation', url: GROUNDING.groundingChunks[1].web.uri, title: 'uefa.com', start_index: FIRST.length + 1, end_index: TEXT.length } });
  });

  it('does nothing with grounding when the request asked for no search', () => {
    const response = of({ candidates: [{ content: { role: 'model', parts: [{ text: TEXT }] }, finishReason: 'STOP', groundingMetadata: GROUNDING }] });
    assert.deepEqual(relevant([...fromGeminiResponse('google', response)]), []);
  });
});

describe('Gemini grounding with a signed answer (Gemini 3 signs the last text part)', () => {
  it('gives the citations while the message is open and the signature after them', () => {
    const transformer = new GeminiStreamTransformer('google', undefined, { grounding: true });
    const events = [
      ...transformer.transform(of({ candidates: [{ content: { role: 'model', parts: [{ text: FIRST }] } }] })),
      ...transformer.transform(of({ candidates: [{ content: { role: 'model', parts: [{ text: SECOND, thoughtSignature: 'c2lnbmF0dXJl' }] }, finishReason: 'STOP', groundingMetadata: GROUNDING }] })),
      ...transformer.end(),
    ];
    const types = events.map((event) => event.type);
    assert.ok(types.lastIndexOf('text.annotation') < types.indexOf('reasoning.encrypted'), types.join(' '));
    assert.ok(types.indexOf('reasoning.encrypted') < types.indexOf('hosted_call.start'), types.join(' '));
    assert.equal(relevant(events).filter((event) => event.type === 'text.annotation').length, 3);
  });
});
