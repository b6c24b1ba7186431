import type { TextCitation, WebSearchToolResultBlock } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ProviderEvent } from '../provider-event';

/**
 * Anthropic's server-side web search in OpenAI's terms: a `server_tool_use` named `web_search` and its
 * `web_search_tool_result` become one `web_search_call` item (action `search`, its query and the result URLs as
 * sources), and `web_search_result_location` citations on text become `url_citation` annotations spanning the
 * cited text block.
 */
export function* webSearchStarted(toolUseId: string): Generator<ProviderEvent> {
  yield { type: 'hosted_call.start', key: toolUseId, item: { type: 'web_search_call', status: 'in_progress', action: { type: 'search', query: '' } } };
  yield { type: 'hosted_call.progress', key: toolUseId, event: 'response.web_search_call.in_progress' };
}

export function* webSearchSearching(toolUseId: string): Generator<ProviderEvent> {
  yield { type: 'hosted_call.progress', key: toolUseId, event: 'response.web_search_call.searching' };
}

export function* webSearchFinished(block: WebSearchToolResultBlock, query: string): Generator<ProviderEvent> {
  const failed = !Array.isArray(block.content);
  const sources = Array.isArray(block.content) ? block.content.map((result) => ({ type: 'url', url: result.url })) : [];
  if (!failed) yield { type: 'hosted_call.progress', key: block.tool_use_id, event: 'response.web_search_call.completed' };
  yield {
    type: 'hosted_call.done',
    key: block.tool_use_id,
    item: { type: 'web_search_call', status: failed ? 'failed' : 'completed', action: { type: 'search', query, sources } },
  };
}

/** The query a `server_tool_use` block's input names ('' when it names none). */
export function queryOf(input: unknown): string {
  return typeof input === 'object' && input !== null && typeof (input as { query?: unknown }).query === 'string' ? (input as { query: string }).query : '';
}

/** Citations of one text block, which spans [start, end) of the current part. */
export function* citationAnnotations(citations: readonly TextCitation[], start: number, end: number): Generator<ProviderEvent> {
  for (const citation of citations) {
    if (citation.type !== 'web_search_result_location') continue;
    yield { type: 'text.annotation', annotation: { type: 'url_citation', url: citation.url, title: citation.title ?? citation.url, start_index: start, end_index: end } };
  }
}
