import type { HostedToolCallType, UrlCitation } from '@latticelm/api';

/**
 * The small, vendor-neutral vocabulary a provider yields. The ResponseAssembler alone turns it into Open
 * Responses items and streaming events, so ids, ordering and indexes live in one place.
 *
 * Ordering contract: text/refusal deltas belong to the current assistant message (opened on first delta);
 * a tool call or reasoning block that starts closes the message. Tool-call events are keyed by `callId` so
 * that interleaved calls stay apart. Vendors that say where their items and parts begin (OpenAI's
 * output_item.added, content_part.added, reasoning_summary_part.added) give `message.start`,
 * `message.part`, `reasoning.start` and `reasoning.summary.part`, so that two vendor messages or two summary
 * parts stay two; vendors that do not, leave them out and consecutive deltas run together.
 */
export type FinishReason =
  | 'stop'
  | 'tool_calls'
  | 'max_output_tokens'
  | 'content_filter'
  /** the vendor ended the turn without saying why */
  | 'unknown';

export interface ProviderUsage {
  inputTokens: number;
  outputTokens: number;
  /** input tokens served from the vendor's prompt cache (already part of inputTokens) */
  cachedTokens: number;
  /** output tokens spent on reasoning (already part of outputTokens) */
  reasoningTokens: number;
  /**
   * input tokens written to the vendor's prompt cache (already part of inputTokens), for vendors that bill writes
   * apart (Anthropic's cache_creation_input_tokens); not part of the Open Responses usage, read by the cost
   */
  cacheWriteTokens?: number;
}

/**
 * Folds one `usage` event into an attempt's tally. A vendor reports running totals (Anthropic's message_start,
 * then message_delta), so a later value for a field replaces the earlier one; fields it did not report stay.
 */
export function applyReportedUsage(tally: ProviderUsage, reported: Partial<ProviderUsage>): void {
  if (reported.inputTokens !== undefined) tally.inputTokens = reported.inputTokens;
  if (reported.outputTokens !== undefined) tally.outputTokens = reported.outputTokens;
  if (reported.cachedTokens !== undefined) tally.cachedTokens = reported.cachedTokens;
  if (reported.reasoningTokens !== undefined) tally.reasoningTokens = reported.reasoningTokens;
  if (reported.cacheWriteTokens !== undefined) tally.cacheWriteTokens = reported.cacheWriteTokens;
}

/** Open Responses `phase` of an assistant message (OpenAI: "preserve and resend phase on all assistant messages"). */
export type MessagePhase = 'commentary' | 'final_answer';

export type ProviderEvent =
  /** a new assistant message begins, even if one is open */
  | { type: 'message.start'; phase?: MessagePhase }
  /** the next text or refusal delta begins a new content part of the open message */
  | { type: 'message.part' }
  | { type: 'text.delta'; delta: string }
  | { type: 'refusal.delta'; delta: string }
  /** a new reasoning item begins, even if one is open */
  | { type: 'reasoning.start' }
  | { type: 'reasoning.delta'; delta: string }
  /** a new summary part of the current reasoning item begins (opening the item if none is open) */
  | { type: 'reasoning.summary.part' }
  | { type: 'reasoning.summary.delta'; delta: string }
  /**
   * opaque state to send back on the next turn (Anthropic thinking signature, OpenAI encrypted reasoning, a
   * Gemini thought signature): set on the open reasoning item, or on a new one after an open message
   */
  | { type: 'reasoning.encrypted'; data: string }
  /** `namespace`: the function was offered inside one of OpenAI's `namespace` tools */
  | { type: 'tool_call.start'; callId: string; name: string; namespace?: string }
  | { type: 'tool_call.delta'; callId: string; delta: string }
  /** `arguments`, when given, is authoritative (some vendors send the whole string at the end) */
  | { type: 'tool_call.done'; callId: string; arguments?: string }
  /** may come several times; later values for a field replace earlier ones */
  | { type: 'usage'; usage: Partial<ProviderUsage> }
  | { type: 'finish'; reason: FinishReason; vendorReason?: string }
  /** the vendor's own model id for the answer, when it says */
  | { type: 'model'; model: string }
  /**
   * A citation on the text of the current message part; its indexes count UTF-16 code units from the start of
   * that part (what a JavaScript string's length counts).
   */
  | { type: 'text.annotation'; annotation: UrlCitation }
  /**
   * A vendor-hosted tool's call (a web search…) begins, in OpenAI's item shape. `key` ties its events together;
   * without an `id` the gateway gives it one. It closes the current message, as any item does.
   */
  | { type: 'hosted_call.start'; key: string; item: HostedCallDraft }
  /** one of its progress events, e.g. `response.web_search_call.searching`, with the vendor's extra fields */
  | { type: 'hosted_call.progress'; key: string; event: `response.${string}`; fields?: Record<string, unknown> }
  /** it is over: `item` replaces what start gave (the id stays) */
  | { type: 'hosted_call.done'; key: string; item: HostedCallDraft };

/** A hosted tool call as a provider reports it: the id is optional (the assembler assigns one). */
export interface HostedCallDraft {
  type: HostedToolCallType;
  id?: string;
  status?: string;
  [field: string]: unknown;
}

/**
 * Whether an event carries output: the first one is the "first token" of time to first token (the metrics'
 * definition too). Item and part boundaries, usage and annotations carry none.
 */
export function isOutputEvent(event: ProviderEvent): boolean {
  switch (event.type) {
    case 'text.delta':
    case 'refusal.delta':
    case 'reasoning.delta':
    case 'reasoning.summary.delta':
    case 'tool_call.start':
    case 'hosted_call.start':
      return true;
    case 'message.start':
    case 'message.part':
    case 'reasoning.start':
    case 'reasoning.summary.part':
    case 'reasoning.encrypted':
    case 'tool_call.delta':
    case 'tool_call.done':
    case 'usage':
    case 'finish':
    case 'model':
    case 'text.annotation':
    case 'hosted_call.progress':
    case 'hosted_call.done':
      return false;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}
