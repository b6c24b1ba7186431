import type { OutputItem, ReasoningItem, ResponseResource } from '@latticelm/api';
import { redactedThinkingData } from '@latticelm/providers';
import type { ContentBlock, Message, MessagesUsage, RefusalStopDetails, StopReason } from './messages.types';

/** The gateway's response id as a Message id (`resp_…` → `msg_…`). */
export function messageIdOf(response: ResponseResource): string {
  return `msg_${response.id.replace(/^resp_/, '')}`;
}

/** A finished response → the Messages API's Message: its output items as content blocks, in order. */
export function toMessage(response: ResponseResource): Message {
  return {
    id: messageIdOf(response),
    type: 'message',
    role: 'assistant',
    model: response.model,
    content: response.output.flatMap(toContentBlocks),
    ...stopOf(response),
    usage: toMessagesUsage(response),
  };
}

export function toContentBlocks(item: OutputItem): ContentBlock[] {
  switch (item.type) {
    case 'message':
      // a refusal is text to the Messages API, with stop_reason "refusal"
      return item.content.map((part) => ({ type: 'text', text: part.type === 'output_text' ? part.text : part.refusal, citations: null }));
    case 'reasoning':
      return [toThinkingBlock(item)];
    case 'function_call':
      return [{ type: 'tool_use', id: item.call_id, name: item.name, input: parseInput(item.arguments) }];
    default:
      // hosted tools' calls: the Messages front door offers none
      return [];
  }
}

/**
 * A reasoning item → one thinking block whose signature is the item's opaque state, so that the client sends
 * back exactly what the provider needs; Anthropic's redacted thinking comes back as redacted_thinking.
 */
export function toThinkingBlock(item: ReasoningItem): ContentBlock {
  const redacted = item.encrypted_content !== undefined ? redactedThinkingData(item.encrypted_content) : undefined;
  if (redacted !== undefined) return { type: 'redacted_thinking', data: redacted };
  return { type: 'thinking', thinking: thinkingText(item), signature: item.encrypted_content ?? '' };
}

export function thinkingText(item: ReasoningItem): string {
  const content = (item.content ?? []).map((part) => part.text).join('');
  return content !== '' ? content : item.summary.map((part) => part.text).join('\n\n');
}

/**
 * https://platform.claude.com/docs/en/build-with-claude/handling-stop-reasons — "tool_use: the model wants to
 * use a tool", "max_tokens", "refusal", else "end_turn". Which stop sequence ended an answer is not kept by the
 * gateway, so `stop_sequence` stays null and such an answer reads as end_turn.
 */
export function stopOf(response: ResponseResource): { stop_reason: StopReason; stop_sequence: null; stop_details: RefusalStopDetails | null } {
  const refusal = refusalOf(response);
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason === 'content_filter' ? 'refusal' : 'max_tokens';
    return { stop_reason: reason, stop_sequence: null, stop_details: reason === 'refusal' ? { type: 'refusal', category: null, explanation: refusal ?? null } : null };
  }
  if (refusal !== undefined) return { stop_reason: 'refusal', stop_sequence: null, stop_details: { type: 'refusal', category: null, explanation: refusal } };
  const stop_reason = response.output.some((item) => item.type === 'function_call') ? 'tool_use' : 'end_turn';
  return { stop_reason, stop_sequence: null, stop_details: null };
}

/** Anthropic's input_tokens excludes cache reads; the gateway's includes them (cache writes are not told apart). */
export function toMessagesUsage(response: ResponseResource): MessagesUsage {
  const usage = response.usage;
  const cached = usage?.input_tokens_details.cached_tokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage?.input_tokens ?? 0) - cached),
    output_tokens: usage?.output_tokens ?? 0,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: cached,
  };
}

function refusalOf(response: ResponseResource): string | undefined {
  for (const item of response.output) {
    if (item.type !== 'message') continue;
    const refusal = item.content.find((part) => part.type === 'refusal');
    if (refusal?.type === 'refusal') return refusal.refusal;
  }
  return undefined;
}

/** tool_use `input` is an object; arguments that are not JSON (a vendor's fault) cannot be one. */
function parseInput(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}
