import type { Message } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ProviderEvent } from '../provider-event';
import { ThinkingRun } from './anthropic-thinking';
import { finishEvents } from './map-anthropic-stop-reason';
import { mapAnthropicUsage } from './map-anthropic-usage';
import { citationAnnotations, queryOf, webSearchFinished, webSearchSearching, webSearchStarted } from './anthropic-web-search';

/** A whole (non-streamed) Message → the same ProviderEvents its stream would give, block by block. */
export function* fromAnthropicMessage(message: Message): Generator<ProviderEvent> {
  if (message.model) yield { type: 'model', model: message.model };
  const run = new ThinkingRun();
  /** text given since the last item that is not text: where a citation's span starts in the current part */
  let partLength = 0;
  const searchQueries = new Map<string, string>();
  for (const block of message.content) {
    if (block.type !== 'text') partLength = 0;
    switch (block.type) {
      case 'text':
        run.end();
        if (block.text) yield { type: 'text.delta', delta: block.text };
        yield* citationAnnotations(block.citations ?? [], partLength, partLength + block.text.length);
        partLength += block.text.length;
        break;
      case 'server_tool_use':
        if (block.name !== 'web_search') break;
        run.end();
        searchQueries.set(block.id, queryOf(block.input));
        yield* webSearchStarted(block.id);
        yield* webSearchSearching(block.id);
        break;
      case 'web_search_tool_result':
        yield* webSearchFinished(block, searchQueries.get(block.tool_use_id) ?? '');
        break;
      case 'thinking':
        run.startThinking();
        run.addThinking(block.thinking);
        if (block.thinking) yield { type: 'reasoning.delta', delta: block.thinking };
        if (block.signature) yield { type: 'reasoning.encrypted', data: run.sign(block.signature) };
        break;
      case 'redacted_thinking':
        yield { type: 'reasoning.encrypted', data: run.addRedacted(block.data) };
        break;
      case 'tool_use':
        run.end();
        yield { type: 'tool_call.start', callId: block.id, name: block.name };
        yield { type: 'tool_call.done', callId: block.id, arguments: JSON.stringify(block.input ?? {}) };
        break;
      default:
        // Other server-tool blocks: the gateway declares none of those tools.
        break;
    }
  }
  if (message.usage) yield { type: 'usage', usage: mapAnthropicUsage(message.usage) };
  yield* finishEvents(message.stop_reason, message.stop_details);
}
