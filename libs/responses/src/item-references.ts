import { ConversationItem, GatewayError, ItemReference } from '@latticelm/api';
import type { ConversationStore } from '@latticelm/conversations';

/**
 * Replaces each `item_reference` in the input with the stored item it names, read in the caller's name: an id that
 * is unknown, expired or another owner's is a 400 naming `input[i].id` (never a hint that it exists elsewhere).
 */
export async function resolveItemReferences(
  store: ConversationStore,
  owner: string,
  input: readonly (ConversationItem | ItemReference)[],
): Promise<ConversationItem[]> {
  if (!input.some((item) => item.type === 'item_reference')) return input as ConversationItem[];
  return Promise.all(
    input.map(async (item, index) => {
      if (item.type !== 'item_reference') return item;
      const found = await store.getItem(owner, item.id);
      if (!found) {
        throw GatewayError.invalidRequest(`input[${index}].id`, `Item with id '${item.id}' not found.`, 'item_not_found');
      }
      return found;
    }),
  );
}
