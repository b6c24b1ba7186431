import type { HostedToolCallType, UrlCitation } from '@latticelm/api';

/**
 * The small, vendor-neutral vocabulary a provider yields. The ResponseAssembler alone turns it into Open
 * Responses items and streaming events, so ids, ordering and indexes live in one place.
 *
 * Ordering contract: text/refusal deltas belong to the current assistant message (opened on first delta);
 * a tool call or reasoning block that starts closes the message. Tool-call events are keyed by `callId` so
 * that interleaved calls stay apart.
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
}

export type ProviderEvent =
  | { type: 'text.delta'; delta: string }
  | { type: 'refusal.delta'; delta: string }
  | { type: 'reasoning.delta'; delta: string }
  | { type: 'reasoning.summary.delta'; delta: string }
  /** opaque state to send back on the next turn (Anthropic thinking signature, OpenAI encrypted reasoning) */
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
