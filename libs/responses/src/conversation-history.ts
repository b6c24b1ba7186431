import { ConversationItem, GatewayError } from '@latticelm/api';
import type { ConversationStore } from '@latticelm/conversations';

export interface HistoryLimits {
  maxChainLength: number;
  maxItems: number;
}

/**
 * Rebuilds the context for previous_response_id: for each response along the chain, oldest first, its input
 * then its output (the spec's previous.input + previous.output + input). Instructions are not carried over.
 * The store reads the whole chain at once (one query / pipeline); an older link that expired ends the chain and
 * the conversation continues from what is still there.
 */
export async function loadConversationHistory(
  store: ConversationStore,
  owner: string,
  previousResponseId: string,
  limits: HistoryLimits,
): Promise<ConversationItem[]> {
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
  const itemCount = chain.reduce((sum, record) => sum + record.input.length + record.output.length, 0);
  if (itemCount > limits.maxItems) {
    throw GatewayError.invalidRequest(
      'previous_response_id',
      `the conversation holds more than ${limits.maxItems} items (conversations.max_items); start a new one`,
      'conversation_too_long',
    );
  }
  return chain.reverse().flatMap((record) => [...record.input, ...record.output]);
}
