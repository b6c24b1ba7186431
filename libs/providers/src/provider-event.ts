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
  | { type: 'tool_call.start'; callId: string; name: string }
  | { type: 'tool_call.delta'; callId: string; delta: string }
  /** `arguments`, when given, is authoritative (some vendors send the whole string at the end) */
  | { type: 'tool_call.done'; callId: string; arguments?: string }
  /** may come several times; later values for a field replace earlier ones */
  | { type: 'usage'; usage: Partial<ProviderUsage> }
  | { type: 'finish'; reason: FinishReason; vendorReason?: string }
  /** the vendor's own model id for the answer, when it says */
  | { type: 'model'; model: string };
