import { CreateResponses1767225600000 } from './1767225600000-create-responses';

/** Every migration, oldest first; run at start-up. */
export const CONVERSATION_MIGRATIONS = [CreateResponses1767225600000];
