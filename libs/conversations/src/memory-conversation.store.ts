import type { ConversationsConfig } from '@latticelm/config';
import { ConversationStore, StoredResponse } from './conversation-store';

interface Entry {
  owner: string;
  expiresAt: number;
  /** the record as JSON: one serialization on save doubles as the copy and the byte count */
  json: string;
  bytes: number;
}

/**
 * In-process store: TTL-expiring and bounded by entries and bytes (oldest evicted first). Lost on restart, and
 * not shared between replicas: for a single instance or tests.
 */
export class MemoryConversationStore extends ConversationStore {
  readonly kind = 'memory';
  // Map keeps insertion order, so the first key is always the oldest entry.
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;

  constructor(
    private readonly limits: Pick<ConversationsConfig, 'memoryMaxEntries' | 'memoryMaxBytes'>,
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  async save(record: StoredResponse): Promise<void> {
    const json = JSON.stringify(record);
    const bytes = Buffer.byteLength(json);
    this.remove(record.id);
    this.entries.set(record.id, { owner: record.owner, expiresAt: record.expiresAt, json, bytes });
    this.totalBytes += bytes;
    this.dropExpiredFromFront();
    while (this.entries.size > this.limits.memoryMaxEntries || this.totalBytes > this.limits.memoryMaxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined || oldest === record.id) break;
      this.remove(oldest);
    }
  }

  async get(owner: string, id: string): Promise<StoredResponse | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.remove(id);
      return undefined;
    }
    return entry.owner === owner ? (JSON.parse(entry.json) as StoredResponse) : undefined;
  }

  async delete(owner: string, id: string): Promise<boolean> {
    const entry = this.entries.get(id);
    if (!entry || entry.owner !== owner || entry.expiresAt <= this.now()) return false;
    this.remove(id);
    return true;
  }

  /** number of records held (expired ones included until they are evicted) */
  get size(): number {
    return this.entries.size;
  }

  async checkHealth(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
    this.totalBytes = 0;
  }

  /** With one TTL for all, insertion order is expiry order: expired entries sit at the front, so this stays cheap. */
  private dropExpiredFromFront(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.remove(id);
    }
  }

  private remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.totalBytes -= entry.bytes;
  }
}
