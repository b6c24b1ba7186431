import { ConversationItem, GatewayError } from '@latticelm/api';
import type { ConversationStore, StoredResponse } from '@latticelm/conversations';

export interface HistoryLimits {
  maxChainLength: number;
  maxItems: number;
}

/**
 * Rebuilds the context for previous_response_id: for each response along the chain, oldest first, its input
 * then its output (the spec's previous.input + previous.output + input). Instructions are not carried over.
 */
export async function loadConversationHistory(
  store: ConversationStore,
  owner: string,
  previousResponseId: string,
  limits: HistoryLimits,
): Promise<ConversationItem[]> {
  const chain: StoredResponse[] = [];
  let itemCount = 0;
  for (let id: string | null = previousResponseId; id; ) {
    if (chain.length >= limits.maxChainLength) {
      throw GatewayError.invalidRequest(
        'previous_response_id',
        `the conversation is longer than ${limits.maxChainLength} responses (conversations.max_chain_length); start a new one`,
        'conversation_too_long',
      );
    }
    const record: StoredResponse | undefined = await store.get(owner, id);
    if (!record) {
      if (chain.length === 0) {
        throw GatewayError.notFound(`Previous response with id '${previousResponseId}' not found.`, 'previous_response_not_found', 'previous_response_id');
      }
      // An older link expired: the conversation continues from what is still there.
      break;
    }
    itemCount += record.input.length + record.output.length;
    if (itemCount > limits.maxItems) {
      throw GatewayError.invalidRequest(
        'previous_response_id',
        `the conversation holds more than ${limits.maxItems} items (conversations.max_items); start a new one`,
        'conversation_too_long',
      );
    }
    chain.push(record);
    id = record.previousResponseId;
  }
  return chain.reverse().flatMap((record) => [...record.input, ...record.output]);
}
