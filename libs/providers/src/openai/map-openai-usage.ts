import type { ResponseUsage } from 'openai/resources/responses/responses';
import type { ProviderUsage } from '../provider-event';

export function mapOpenAIUsage(usage: ResponseUsage | null | undefined): Partial<ProviderUsage> | undefined {
  if (!usage) return undefined;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cachedTokens: usage.input_tokens_details?.cached_tokens ?? 0,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? 0,
  };
}
