import { CreateResponses1767225600000 } from './1767225600000-create-responses';
import { DropOwnerIndex1767312000000 } from './1767312000000-drop-owner-index';
import { CreateApiKeys1767398400000 } from './1767398400000-create-api-keys';
import { CreateUsageLog1767488400000 } from './1767488400000-create-usage-log';
import { CreateBudgets1767571200000 } from './1767571200000-create-budgets';

/** Every migration, oldest first; run at start-up. */
export const CONVERSATION_MIGRATIONS = [CreateResponses1767225600000, DropOwnerIndex1767312000000, CreateApiKeys1767398400000, CreateUsageLog1767488400000, CreateBudgets1767571200000];
