import type { ProviderUsage } from '../provider-event';

/** The usage fields of Message.usage and MessageDeltaUsage; in a stream `null` means "not reported here". */
export interface AnthropicUsageCounts {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  output_tokens_details?: { thinking_tokens: number } | null;
}

/**
 * "Total input tokens in a request is the summation of input_tokens, cache_creation_input_tokens, and
 * cache_read_input_tokens" (Message.usage); Open Responses counts cached tokens inside input_tokens.
 * https://platform.claude.com/docs/en/build-with-claude/prompt-caching#tracking-cache-performance
 */
export function mapAnthropicUsage(usage: AnthropicUsageCounts): ProviderUsage {
  const cached = usage.cache_read_input_tokens ?? 0;
  const written = usage.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (usage.input_tokens ?? 0) + cached + written,
    outputTokens: usage.output_tokens ?? 0,
    cachedTokens: cached,
    reasoningTokens: usage.output_tokens_details?.thinking_tokens ?? 0,
    // billed at the cache-write price ("5m cache writes", https://platform.claude.com/docs/en/about-claude/pricing)
    cacheWriteTokens: written,
  };
}

/**
 * Streams split usage: message_start carries the input counts, message_delta the cumulative output count and,
 * on newer API versions, updated input and cache counts ("The token counts shown in the usage field of the
 * message_delta event are cumulative"). Reported values replace earlier ones; absent ones are kept.
 */
export function mergeAnthropicUsage(previous: AnthropicUsageCounts, next: AnthropicUsageCounts): AnthropicUsageCounts {
  const merged: AnthropicUsageCounts = { ...previous };
  if (next.input_tokens != null) merged.input_tokens = next.input_tokens;
  if (next.output_tokens != null) merged.output_tokens = next.output_tokens;
  if (next.cache_read_input_tokens != null) merged.cache_read_input_tokens = next.cache_read_input_tokens;
  if (next.cache_creation_input_tokens != null) merged.cache_creation_input_tokens = next.cache_creation_input_tokens;
  if (next.output_tokens_details != null) merged.output_tokens_details = next.output_tokens_details;
  return merged;
}
