import type { GroundingMetadata } from '@google/genai';
import type { ProviderEvent } from '../provider-event';

/**
 * Google Search grounding (https://ai.google.dev/gemini-api/docs/google-search) in OpenAI's terms: the queries
 * Gemini ran become one `web_search_call` item (action `search`, the first query, all of them as `queries`,
 * the grounding chunks' URLs as sources), and each grounding support a `url_citation` per chunk it cites, over
 * the text of the answer. Grounding arrives with the last chunk, after the text it points into.
 *
 * `text` is the answer's text part; the supports' segments count UTF-8 bytes into it, and say what text they
 * cover, which wins when the two disagree (a stream's parts are joined before the offsets are read).
 */
export function* groundingEvents(metadata: GroundingMetadata, text: string, key: string): Generator<ProviderEvent> {
  const chunks = metadata.groundingChunks ?? [];
  const offsets = new Utf8Offsets(text);
  for (const support of metadata.groundingSupports ?? []) {
    const span = spanOf(support.segment, text, offsets);
    if (!span) continue;
    for (const chunkIndex of support.groundingChunkIndices ?? []) {
      const web = chunks[chunkIndex]?.web;
      if (!web?.uri) continue;
      yield { type: 'text.annotation', annotation: { type: 'url_citation', url: web.uri, title: web.title ?? web.domain ?? web.uri, start_index: span.start, end_index: span.end } };
    }
  }
  const queries = metadata.webSearchQueries ?? [];
  if (queries.length === 0) return;
  const sources = chunks.flatMap((chunk) => (chunk.web?.uri ? [{ type: 'url', url: chunk.web.uri }] : []));
  yield { type: 'hosted_call.start', key, item: { type: 'web_search_call', status: 'in_progress', action: { type: 'search', query: queries[0] } } };
  yield { type: 'hosted_call.progress', key, event: 'response.web_search_call.in_progress' };
  yield { type: 'hosted_call.progress', key, event: 'response.web_search_call.searching' };
  yield { type: 'hosted_call.progress', key, event: 'response.web_search_call.completed' };
  yield { type: 'hosted_call.done', key, item: { type: 'web_search_call', status: 'completed', action: { type: 'search', query: queries[0], queries, sources } } };
}

interface Span {
  start: number;
  end: number;
}

function spanOf(segment: { startIndex?: number; endIndex?: number; text?: string } | undefined, text: string, offsets: Utf8Offsets): Span | undefined {
  if (!segment) return undefined;
  const start = offsets.toUtf16(segment.startIndex ?? 0);
  const end = segment.endIndex === undefined ? undefined : offsets.toUtf16(segment.endIndex);
  if (end !== undefined && end > start && (segment.text === undefined || text.slice(start, end) === segment.text)) return { start, end };
  if (!segment.text) return undefined;
  const found = text.indexOf(segment.text);
  return found < 0 ? undefined : { start: found, end: found + segment.text.length };
}

/** UTF-8 byte offsets → UTF-16 indexes of one string. */
class Utf8Offsets {
  private readonly byteStarts: number[] = [];

  constructor(text: string) {
    let bytes = 0;
    for (let index = 0; index < text.length; index++) {
      this.byteStarts.push(bytes);
      const code = text.charCodeAt(index);
      if (code < 0x80) bytes += 1;
      else if (code < 0x800) bytes += 2;
      else if (code >= 0xd800 && code <= 0xdbff) bytes += 4;
      else if (code >= 0xdc00 && code <= 0xdfff) bytes += 0;
      else bytes += 3;
    }
    this.byteStarts.push(bytes);
  }

  toUtf16(byteOffset: number): number {
    let low = 0;
    let high = this.byteStarts.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.byteStarts[middle] < byteOffset) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
