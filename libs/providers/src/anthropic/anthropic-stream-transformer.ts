import type { RawContentBlockDelta, RawContentBlockStartEvent, RawMessageStreamEvent, TextCitation } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ProviderEvent } from '../provider-event';
import { citationAnnotations, queryOf, webSearchFinished, webSearchSearching, webSearchStarted } from './anthropic-web-search';
import { ThinkingRun } from './anthropic-thinking';
import { finishEvents } from './map-anthropic-stop-reason';
import { AnthropicUsageCounts, mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage';

type OpenBlock =
  | { kind: 'tool_use'; callId: string; json: string; initialInput: string }
  | { kind: 'web_search'; toolUseId: string; json: string; initialInput: unknown }
  | { kind: 'text'; start: number; citations: TextCitation[] }
  | { kind: 'other' };

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
  /** text given since the last item that is not text: where a citation's span starts in the current part */
  private partLength = 0;
  /** web searches by tool-use id, for the query their result is reported with */
  private readonly searchQueries = new Map<string, string>();

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
        if (block?.kind === 'text') yield* citationAnnotations(block.citations, block.start, this.partLength);
        if (block?.kind === 'web_search') {
          this.searchQueries.set(block.toolUseId, queryOf(block.json ? parseJson(block.json) : block.initialInput));
          yield* webSearchSearching(block.toolUseId);
        }
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
        this.blocks.set(index, { kind: 'text', start: this.partLength, citations: [...(block.citations ?? [])] });
        this.thinking.end();
        if (block.text) yield* this.text(block.text);
        return;
      case 'thinking':
        this.blocks.set(index, { kind: 'other' });
        this.partLength = 0;
        this.thinking.startThinking();
        if (block.thinking) yield* this.think(block.thinking);
        if (block.signature) yield { type: 'reasoning.encrypted', data: this.thinking.sign(block.signature) };
        return;
      case 'redacted_thinking':
        this.blocks.set(index, { kind: 'other' });
        this.partLength = 0;
        yield { type: 'reasoning.encrypted', data: this.thinking.addRedacted(block.data) };
        return;
      case 'tool_use': {
        this.thinking.end();
        const input = block.input && typeof block.input === 'object' && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '{}';
        this.blocks.set(index, { kind: 'tool_use', callId: block.id, json: '', initialInput: input });
        this.partLength = 0;
        yield { type: 'tool_call.start', callId: block.id, name: block.name };
        return;
      }
      case 'server_tool_use':
        if (block.name !== 'web_search') break;
        this.thinking.end();
        this.blocks.set(index, { kind: 'web_search', toolUseId: block.id, json: '', initialInput: block.input });
        this.partLength = 0;
        yield* webSearchStarted(block.id);
        return;
      case 'web_search_tool_result':
        this.blocks.set(index, { kind: 'other' });
        this.partLength = 0;
        yield* webSearchFinished(block, this.searchQueries.get(block.tool_use_id) ?? '');
        return;
      default:
        break;
    }
    // Other server-tool blocks (web fetch, code execution…): the gateway declares none of those tools.
    this.blocks.set(index, { kind: 'other' });
  }

  private *text(delta: string): Generator<ProviderEvent> {
    this.partLength += delta.length;
    yield { type: 'text.delta', delta };
  }

  private *think(text: string): Generator<ProviderEvent> {
    this.thinking.addThinking(text);
    yield { type: 'reasoning.delta', delta: text };
  }

  private *delta(index: number, delta: RawContentBlockDelta): Generator<ProviderEvent> {
    switch (delta.type) {
      case 'text_delta':
        if (delta.text) yield* this.text(delta.text);
        return;
      case 'thinking_delta':
        if (delta.thinking) yield* this.think(delta.thinking);
        return;
      case 'signature_delta':
        yield { type: 'reasoning.encrypted', data: this.thinking.sign(delta.signature) };
        return;
      case 'input_json_delta': {
        const block = this.blocks.get(index);
        if (block?.kind === 'web_search') block.json += delta.partial_json;
        if (block?.kind !== 'tool_use' || !delta.partial_json) return;
        block.json += delta.partial_json;
        yield { type: 'tool_call.delta', callId: block.callId, delta: delta.partial_json };
        return;
      }
      case 'citations_delta': {
        const block = this.blocks.get(index);
        if (block?.kind === 'text') block.citations.push(delta.citation);
        return;
      }
      default:
        return;
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
