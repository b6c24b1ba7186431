import type { ConversationsConfig } from '@latticelm/config';
import { ConversationStore } from './conversation-store';
import { MemoryConversationStore } from './memory-conversation.store';

/** Opens the configured store; fails start-up with a message naming the store and host when it cannot. */
export async function createConversationStore(config: ConversationsConfig): Promise<ConversationStore> {
  switch (config.store) {
    case 'memory':
    case 'sql':
    case 'redis':
      // sql and redis stores arrive with the conversations work; until then the in-process store serves.
      return new MemoryConversationStore(config);
  }
}
