import type { Redis } from 'ioredis';
import { ConversationStore, StoreConnection, StoredResponse } from '../conversation-store';

/** What one key holds: the record, and the ids of its ancestors (newest first) so a chain reads in one MGET. */
interface StoredValue {
  record: StoredResponse;
  ancestors: string[];
}

/**
 * Responses in Redis with native key expiry (PX). Keys are `<prefix>response:<owner>:<id>`, so another owner's
 * response is simply a key that does not exist for you — reads and deletes need no owner check round trip.
 *
 * The client comes from cache-manager-ioredis-yet (see open-redis-conversation-store.ts), but records go through
 * ioredis directly: that package's value codec (telejson) revives strings such as "_date_…" or "_function_…" found
 * in user text as Dates and functions, and its `del` does not report whether a key existed.
 */
export class RedisConversationStore extends ConversationStore {
  readonly kind = 'redis';

  constructor(
    private readonly client: Redis,
    private readonly options: { keyPrefix: string; maxChainLength: number; now?: () => number },
  ) {
    super();
  }

  override connection(): StoreConnection {
    return { kind: 'redis', client: this.client, keyPrefix: this.options.keyPrefix };
  }

  async save(record: StoredResponse): Promise<void> {
    const ttl = record.expiresAt - this.now();
    if (ttl <= 0) return;
    const ancestors = record.previousResponseId ? await this.ancestorsThrough(record.owner, record.previousResponseId) : [];
    const value: StoredValue = { record, ancestors };
    await this.client.set(this.key(record.owner, record.id), JSON.stringify(value), 'PX', ttl);
  }

  async get(owner: string, id: string): Promise<StoredResponse | undefined> {
    return this.live(await this.client.get(this.key(owner, id)))?.record;
  }

  /** Two round trips whatever the length: the newest record (which lists its ancestors), then one MGET. */
  override async getChain(owner: string, id: string, limit: number): Promise<StoredResponse[]> {
    if (limit < 1) return [];
    const head = this.live(await this.client.get(this.key(owner, id)));
    if (!head) return [];
    const chain = [head.record];
    const ancestorIds = head.ancestors.slice(0, limit - 1);
    if (ancestorIds.length === 0) return chain;
    const values = await this.client.mget(ancestorIds.map((ancestor) => this.key(owner, ancestor)));
    for (const raw of values) {
      const value = this.live(raw);
      if (!value) break;
      chain.push(value.record);
    }
    return chain;
  }

  async delete(owner: string, id: string): Promise<boolean> {
    const value = this.live(await this.client.get(this.key(owner, id)));
    if (!value) return false;
    return (await this.client.del(this.key(owner, id))) > 0;
  }

  async checkHealth(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    if (this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }

  /** the parent's id and its own ancestors, capped at one more than a chain may hold (enough to detect "too long") */
  private async ancestorsThrough(owner: string, parentId: string): Promise<string[]> {
    const parent = this.live(await this.client.get(this.key(owner, parentId)));
    return [parentId, ...(parent?.ancestors ?? [])].slice(0, this.options.maxChainLength + 1);
  }

  /** Redis expires keys by its own clock; this also honours the store's clock (and so tests' fake clocks). */
  private live(raw: string | null): StoredValue | undefined {
    if (raw === null) return undefined;
    const value = JSON.parse(raw) as StoredValue;
    return value.record.expiresAt > this.now() ? value : undefined;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private key(owner: string, id: string): string {
    // Owners are principals' subjects and may contain ':'; encoding keeps "<owner>:<id>" unambiguous.
    return `${this.options.keyPrefix}response:${encodeURIComponent(owner)}:${id}`;
  }
}
