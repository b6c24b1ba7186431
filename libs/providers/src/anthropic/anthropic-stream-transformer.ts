import type { RawContentBlockDelta, RawContentBlockStartEvent, RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ProviderEvent } from '../provider-event';
import { ThinkingRun } from './anthropic-thinking';
import { finishEvents } from './map-anthropic-stop-reason';
import { AnthropicUsageCounts, mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage';

type OpenBlock = { kind: 'tool_use'; callId: string; json: string; initialInput: string } | { kind: 'other' };

/**
 * The Messages stream (https://platform.claude.com/docs/en/build-with-claude/streaming) → ProviderEvents.
 * Content blocks are addressed by `index`, so the transformer remembers which index is which tool call and
 * gathers its `input_json_delta`s to give the authoritative arguments at `content_block_stop`. Usage arrives in
 * two halves (message_start, message_delta) and is merged.
 */
export class AnthropicStreamTransformer {
  private readonly blocks = new Map<number, OpenBlock>();
  private usage: AnthropicUsageCounts = {};
  private readonly thinking = new ThinkingRun();
  private stopped = false;

  /** True once `message_stop` arrived: a stream that ends before it was cut. */
  get complete(): boolean {
    return this.stopped;
  }

  *transform(event: RawMessageStreamEvent): Generator<ProviderEvent> {
    switch (event.type) {
      case 'message_start':
        if (event.message.model) yield { type: 'model', model: event.message.model };
        yield* this.addUsage(event.message.usage);
        return;
      case 'content_block_start':
        yield* this.startBlock(event);
        return;
      case 'content_block_delta':
        yield* this.delta(event.index, event.delta);
        return;
      case 'content_block_stop': {
        const block = this.blocks.get(event.index);
        this.blocks.delete(event.index);
        // A tool with no arguments streams no input_json_delta at all; its input is then `{}`.
        if (block?.kind === 'tool_use') yield { type: 'tool_call.done', callId: block.callId, arguments: block.json || block.initialInput };
        return;
      }
      case 'message_delta':
        yield* this.addUsage(event.usage);
        yield* finishEvents(event.delta.stop_reason, event.delta.stop_details);
        return;
      case 'message_stop':
        this.stopped = true;
        return;
      default:
        // Event types newer than this SDK carry nothing the gateway asked for.
        return;
    }
  }

  private *addUsage(usage: AnthropicUsageCounts): Generator<ProviderEvent> {
    this.usage = mergeAnthropicUsage(this.usage, usage);
    yield { type: 'usage', usage: mapAnthropicUsage(this.usage) };
  }

  private *startBlock({ index, content_block: block }: RawContentBlockStartEvent): Generator<ProviderEvent> {
    switch (block.type) {
      case 'text':
        this.blocks.set(index, { kind: 'other' });
        this.thinking.end();
        if (block.text) yield { type: 'text.delta', delta: block.text };
        return;
      case 'thinking':
        this.blocks.set(index, { kind: 'other' });
        this.thinking.startThinking();
        if (block.thinking) yield* this.think(block.thinking);
        if (block.signature) yield { type: 'reasoning.encrypted', data: this.thinking.sign(block.signature) };
        return;
      case 'redacted_thinking':
        this.blocks.set(index, { kind: 'other' });
        yield { type: 'reasoning.encrypted', data: this.thinking.addRedacted(block.data) };
        return;
      case 'tool_use': {
        this.thinking.end();
        const input = block.input && typeof block.input === 'object' && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '{}';
        this.blocks.set(index, { kind: 'tool_use', callId: block.id, json: '', initialInput: input });
        yield { type: 'tool_call.start', callId: block.id, name: block.name };
        return;
      }
      default:
        // Server-tool blocks (web search, code execution…): the gateway declares none.
        this.blocks.set(index, { kind: 'other' });
        return;
    }
  }

  private *think(text: string): Generator<ProviderEvent> {
    this.thinking.addThinking(text);
    yield { type: 'reasoning.delta', delta: text };
  }

  private *delta(index: number, delta: RawContentBlockDelta): Generator<ProviderEvent> {
    switch (delta.type) {
      case 'text_delta':
        if (delta.text) yield { type: 'text.delta', delta: delta.text };
        return;
      case 'thinking_delta':
        if (delta.thinking) yield* this.think(delta.thinking);
        return;
      case 'signature_delta':
        yield { type: 'reasoning.encrypted', data: this.thinking.sign(delta.signature) };
        return;
      case 'input_json_delta': {
        const block = this.blocks.get(index);
        if (block?.kind !== 'tool_use' || !delta.partial_json) return;
        block.json += delta.partial_json;
        yield { type: 'tool_call.delta', callId: block.callId, delta: delta.partial_json };
        return;
      }
      case 'citations_delta':
        return;
      default:
        return;
    }
  }
}
