import type { ConversationItem, OutputItem, ResponseResource } from '@latticelm/api';

/** One stored response: this turn's input and output, with the resource that GET /v1/responses/{id} returns. */
export interface StoredResponse {
  id: string;
  /** the authenticated principal, or "anonymous" while auth is off */
  owner: string;
  previousResponseId: string | null;
  model: string;
  provider: string;
  status: ResponseResource['status'];
  /** this turn's input items only; history lives in the previous responses */
  input: ConversationItem[];
  output: OutputItem[];
  response: ResponseResource;
  /** epoch milliseconds */
  createdAt: number;
  expiresAt: number;
}

/**
 * Where responses live between turns. Every read and delete names the owner: a record of another owner is
 * indistinguishable from one that does not exist.
 */
export abstract class ConversationStore {
  abstract readonly kind: string;
  abstract save(record: StoredResponse): Promise<void>;
  abstract get(owner: string, id: string): Promise<StoredResponse | undefined>;
  abstract delete(owner: string, id: string): Promise<boolean>;
  /** cheap round trip for readiness; throws when the store cannot serve */
  abstract checkHealth(): Promise<void>;
  abstract close(): Promise<void>;
}
