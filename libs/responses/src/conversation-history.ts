import { ConversationItem, GatewayError } from '@latticelm/api';
import type { ConversationStore, StoredResponse } from '@latticelm/conversations';

export interface HistoryLimits {
  maxChainLength: number;
  maxItems: number;
}

/**
 * Rebuilds the context for previous_response_id: for each response along the chain, oldest first, its input
 * then its output (the spec's previous.input + previous.output + input). Instructions are not carried over.
 * The store reads the whole chain at once (one query / pipeline). A chain with a missing link (an older
 * response expired or was deleted) is refused: a truncated context would reach the model as a different
 * conversation (for instance a tool result without its call).
 */
export async function loadConversationHistory(
  store: ConversationStore,
  owner: string,
  previousResponseId: string,
  limits: HistoryLimits,
): Promise<{ items: ConversationItem[]; chain: StoredResponse[] }> {
  // One more than allowed, so a chain that is too long is told apart from one that is exactly at the limit.
  const chain = await store.getChain(owner, previousResponseId, limits.maxChainLength + 1);
  if (chain.length === 0) {
    throw GatewayError.notFound(`Previous response with id '${previousResponseId}' not found.`, 'previous_response_not_found', 'previous_response_id');
  }
  if (chain.length > limits.maxChainLength) {
    throw GatewayError.invalidRequest(
      'previous_response_id',
      `the conversation is longer than ${limits.maxChainLength} responses (conversations.max_chain_length); start a new one`,
      'conversation_too_long',
    );
  }
  const missing = chain[chain.length - 1].previousResponseId;
  if (missing !== null) {
    throw GatewayError.notFound(
      `An earlier response of this conversation ('${missing}') has expired or was deleted, so its context cannot be rebuilt; start a new conversation.`,
      'previous_response_not_found',
      'previous_response_id',
    );
  }
  const itemCount = chain.reduce((sum, record) => sum + record.input.length + record.output.length, 0);
  if (itemCount > limits.maxItems) {
    throw GatewayError.invalidRequest(
      'previous_response_id',
      `the conversation holds more than ${limits.maxItems} items (conversations.max_items); start a new one`,
      'conversation_too_long',
    );
  }
  const items = [...chain].reverse().flatMap((record) => [...record.input, ...record.output]);
  return { items, chain };
}
