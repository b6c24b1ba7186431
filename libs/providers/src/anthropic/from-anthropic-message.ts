import type { Message } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ProviderEvent } from '../provider-event';
import { ThinkingRun } from './anthropic-thinking';
import { finishEvents } from './map-anthropic-stop-reason';
import { mapAnthropicUsage } from './map-anthropic-usage';

/** A whole (non-streamed) Message → the same ProviderEvents its stream would give, block by block. */
export function* fromAnthropicMessage(message: Message): Generator<ProviderEvent> {
  if (message.model) yield { type: 'model', model: message.model };
  const run = new ThinkingRun();
  for (const block of message.content) {
    switch (block.type) {
      case 'text':
        run.end();
        if (block.text) yield { type: 'text.delta', delta: block.text };
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
        // Server-tool blocks: the gateway declares no server tools.
        break;
    }
  }
  if (message.usage) yield { type: 'usage', usage: mapAnthropicUsage(message.usage) };
  yield* finishEvents(message.stop_reason, message.stop_details);
}
