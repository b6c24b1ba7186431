import type { GatewayStreamEvent, ReasoningItem, ResponseResource, StreamEvent } from '@latticelm/api';
import { redactedThinkingData } from '@latticelm/providers';
import { toStreamErrorBody } from './messages-error';
import type { MessageStreamEvent } from './messages.types';
import { messageIdOf, stopOf, thinkingText, toMessagesUsage } from './to-message';

type Event<T extends StreamEvent['type']> = Extract<StreamEvent, { type: T }>;

/**
 * The assembler's Open Responses events → the Messages API's stream
 * (https://platform.claude.com/docs/en/build-with-claude/streaming): `message_start` and a `ping`, then per content
 * block `content_block_start`, its deltas (text_delta, thinking_delta, signature_delta, input_json_delta) and
 * `content_block_stop`, then `message_delta` with the stop reason and usage, and `message_stop`; a failure after
 * the 200 is an `error` event. Each output text or refusal part is a text block, each reasoning item a thinking
 * block, each function call a tool_use block, numbered in order.
 *
 * A reasoning item's block opens with its first text: its signature (the item's opaque state) comes with the
 * item's end, and redacted thinking — known only then — is a redacted_thinking block instead.
 */
export class MessagesStreamEncoder {
  private nextIndex = 0;
  /** the open content block's index */
  private open: number | undefined;
  /** a reasoning item was added and its block has not opened yet */
  private pendingReasoning = false;
  private summaryParts = 0;

  encode(event: GatewayStreamEvent): MessageStreamEvent[] {
    switch (event.type) {
      case 'response.created':
        return this.start((event as Event<'response.created'>).response);
      case 'response.output_item.added':
        return this.itemAdded(event as Event<'response.output_item.added'>);
      case 'response.content_part.added': {
        const { part } = event as Event<'response.content_part.added'>;
        if (part.type === 'output_text' || part.type === 'refusal') return this.openBlock({ type: 'text', text: '', citations: null });
        return [];
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta':
        return this.delta({ type: 'text_delta', text: (event as Event<'response.output_text.delta'>).delta });
      case 'response.content_part.done': {
        const { part } = event as Event<'response.content_part.done'>;
        return part.type === 'output_text' || part.type === 'refusal' ? this.closeBlock() : [];
      }
      case 'response.reasoning.delta':
      case 'response.reasoning_summary_text.delta':
        return this.thinking((event as Event<'response.reasoning.delta'>).delta);
      case 'response.reasoning_summary_part.added':
        // summary parts read as paragraphs of one thinking block, as in the non-streamed Message
        return this.summaryParts++ > 0 ? this.thinking('\n\n') : [];
      case 'response.function_call_arguments.delta':
        return this.delta({ type: 'input_json_delta', partial_json: (event as Event<'response.function_call_arguments.delta'>).delta });
      case 'response.output_item.done':
        return this.itemDone(event as Event<'response.output_item.done'>);
      case 'response.completed':
      case 'response.incomplete':
        return this.finish((event as Event<'response.completed'>).response);
      case 'response.failed': {
        const { response } = event as Event<'response.failed'>;
        return [toStreamErrorBody(response.error ?? { code: 'server_error', message: 'the response failed' })];
      }
      default:
        return [];
    }
  }

  private start(response: ResponseResource): MessageStreamEvent[] {
    const message = {
      id: messageIdOf(response),
      type: 'message' as const,
      role: 'assistant' as const,
      model: response.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      stop_details: null,
      // the counts are known at the end; message_delta carries them all ("cumulative")
      usage: { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    };
    return [{ type: 'message_start', message }, { type: 'ping' }];
  }

  private itemAdded({ item }: Event<'response.output_item.added'>): MessageStreamEvent[] {
    if (item.type === 'reasoning') {
      this.pendingReasoning = true;
      this.summaryParts = 0;
      return [];
    }
    if (item.type === 'function_call') return this.openBlock({ type: 'tool_use', id: item.call_id, name: item.name, input: {} });
    return [];
  }

  private itemDone({ item }: Event<'response.output_item.done'>): MessageStreamEvent[] {
    if (item.type === 'function_call') return this.closeBlock();
    if (item.type !== 'reasoning') return [];
    return this.closeReasoning(item);
  }

  private closeReasoning(item: ReasoningItem): MessageStreamEvent[] {
    const events: MessageStreamEvent[] = [];
    const state = item.encrypted_content;
    if (this.pendingReasoning) {
      const redacted = state !== undefined ? redactedThinkingData(state) : undefined;
      if (redacted !== undefined) {
        this.pendingReasoning = false;
        return [...this.openBlock({ type: 'redacted_thinking', data: redacted }), ...this.closeBlock()];
      }
      events.push(...this.thinking(thinkingText(item)));
    }
    if (state) events.push(...this.delta({ type: 'signature_delta', signature: state }));
    return [...events, ...this.closeBlock()];
  }

  private thinking(text: string): MessageStreamEvent[] {
    const opening = this.pendingReasoning ? this.openThinking() : [];
    if (text === '') return opening;
    return [...opening, ...this.delta({ type: 'thinking_delta', thinking: text })];
  }

  private openThinking(): MessageStreamEvent[] {
    this.pendingReasoning = false;
    return this.openBlock({ type: 'thinking', thinking: '', signature: '' });
  }

  private openBlock(content_block: Extract<MessageStreamEvent, { type: 'content_block_start' }>['content_block']): MessageStreamEvent[] {
    const closing = this.closeBlock();
    this.open = this.nextIndex++;
    return [...closing, { type: 'content_block_start', index: this.open, content_block }];
  }

  private delta(delta: Extract<MessageStreamEvent, { type: 'content_block_delta' }>['delta']): MessageStreamEvent[] {
    if (this.open === undefined) return [];
    return [{ type: 'content_block_delta', index: this.open, delta }];
  }

  private closeBlock(): MessageStreamEvent[] {
    if (this.open === undefined) return [];
    const index = this.open;
    this.open = undefined;
    return [{ type: 'content_block_stop', index }];
  }

  private finish(response: ResponseResource): MessageStreamEvent[] {
    return [...this.closeBlock(), { type: 'message_delta', delta: stopOf(response), usage: toMessagesUsage(response) }, { type: 'message_stop' }];
  }
}
