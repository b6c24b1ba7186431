import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { ConversationItem, OutputItem, ResponseResource, responseIdOfItem } from '@latticelm/api';

/**
 * The database a store opened, for features that keep their records beside the conversations (API keys) on the
 * same connection, and whose tables come from the same migrations. The store owns it and closes it.
 */
export type StoreConnection =
  | { kind: 'sql'; dataSource: DataSource }
  | { kind: 'redis'; client: Redis; keyPrefix: string }
  | { kind: 'memory' };

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

  /**
   * The chain that ends at `id`, newest first, following previousResponseId: at most `limit` records, stopping at
   * the first link that is missing, expired or another owner's. Stores override this to read the chain in one
   * round trip; this fallback asks once per link.
   */
  async getChain(owner: string, id: string, limit: number): Promise<StoredResponse[]> {
    const chain: StoredResponse[] = [];
    for (let next: string | null = id; next && chain.length < limit; ) {
      const record: StoredResponse | undefined = await this.get(owner, next);
      if (!record) break;
      chain.push(record);
      next = record.previousResponseId;
    }
    return chain;
  }

  /**
   * An output item by its id (an `item_reference`), or undefined when it is unknown, expired or another
   * owner's. Output item ids name their response (see outputItemId), so this is one `get` in every store.
   */
  async getItem(owner: string, itemId: string): Promise<OutputItem | undefined> {
    const responseId = responseIdOfItem(itemId);
    if (responseId === undefined) return undefined;
    const record = await this.get(owner, responseId);
    return record?.output.find((item) => item.id === itemId);
  }

  /**
   * Keeps a conversation alive while it is used: the records of a chain that was just continued get the new
   * expiry, so an active conversation does not lose its beginning one TTL after it started. The fallback saves
   * each record again; stores override it with one statement.
   */
  async extendExpiry(owner: string, records: StoredResponse[], expiresAt: number): Promise<void> {
    for (const record of records) {
      if (record.owner === owner && record.expiresAt < expiresAt) await this.save({ ...record, expiresAt });
    }
  }

  connection(): StoreConnection {
    return { kind: 'memory' };
  }

  /** cheap round trip for readiness; throws when the store cannot serve */
  abstract checkHealth(): Promise<void>;
  abstract close(): Promise<void>;
}
