import type { CompactedResponse } from 'openai/resources/responses/responses';
import { ConversationItem, GatewayError, normalizeInput } from '@latticelm/api';
import type { ProviderCompaction } from '../conversation-compactor';
import { mapOpenAIUsage } from './map-openai-usage';

/**
 * OpenAI's compacted window → the gateway's items. "The compacted list of output items. This is a list of all
 * user messages, followed by a single compaction item" (openai SDK, CompactedResponse.output): read with the
 * same rules as request input, since that is where the client sends them next.
 */
export function fromOpenAICompaction(provider: string, compacted: CompactedResponse): ProviderCompaction {
  let output: ConversationItem[];
  try {
    output = normalizeInput(compacted.output, 'output') as ConversationItem[];
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new GatewayError({
      status: 502,
      type: 'model_error',
      code: 'upstream_error',
      message: `${provider}: the compacted window has an item the gateway cannot carry (${detail})`,
      origin: 'upstream',
    });
  }
  const usage = mapOpenAIUsage(compacted.usage);
  return {
    output,
    usage: { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0, ...usage },
  };
}
