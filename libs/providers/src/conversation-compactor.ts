import type { ConversationItem } from '@latticelm/api';
import type { Provider } from './provider';
import type { ProviderUsage } from './provider-event';

/** What POST /v1/responses/compact asks a vendor that compacts conversations itself. */
export interface ProviderCompactRequest {
  /** the vendor's model id */
  model: string;
  /** the whole conversation: history rebuilt from previous_response_id, then the new input */
  input: ConversationItem[];
  instructions?: string;
  promptCacheKey?: string;
}

export interface ProviderCompaction {
  /** the compacted window: the vendor's items, as the client is to send them back */
  output: ConversationItem[];
  usage: ProviderUsage;
}

/** An optional capability: the vendor has its own compaction endpoint (OpenAI's /responses/compact). */
export interface ConversationCompactor {
  compact(request: ProviderCompactRequest, signal: AbortSignal): Promise<ProviderCompaction>;
}

export function isConversationCompactor(provider: Provider): provider is Provider & ConversationCompactor {
  return typeof (provider as Partial<ConversationCompactor>).compact === 'function';
}
