import type { ApiKeyRecord } from './api-key';

/**
 * Where keys created through the admin API live: beside the conversations (the same SQL connection or Redis), or
 * in memory when the conversations are. Keys are the operator's, not a caller's, so reads are not owner-scoped;
 * the admin API in front of them is.
 */
export abstract class ApiKeyStore {
  abstract readonly kind: string;
  abstract insert(record: ApiKeyRecord): Promise<void>;
  /** replaces the record with the same id (rotation, revocation) */
  abstract update(record: ApiKeyRecord): Promise<void>;
  abstract get(id: string): Promise<ApiKeyRecord | undefined>;
  /** the key whose current or previous secret hashes to `hash`; the caller checks which, and whether it is still valid */
  abstract findBySecretHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /** every key, newest first */
  abstract list(): Promise<ApiKeyRecord[]>;
}

export class MemoryApiKeyStore extends ApiKeyStore {
  readonly kind = 'memory';
  private readonly records = new Map<string, ApiKeyRecord>();

  async insert(record: ApiKeyRecord): Promise<void> {
    this.records.set(record.id, structuredClone(record));
  }

  async update(record: ApiKeyRecord): Promise<void> {
    this.records.set(record.id, structuredClone(record));
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const record = this.records.get(id);
    return record && structuredClone(record);
  }

  async findBySecretHash(hash: string): Promise<ApiKeyRecord | undefined> {
    for (const record of this.records.values()) {
      if (record.secretHash === hash || record.previousSecretHash === hash) return structuredClone(record);
    }
    return undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...this.records.values()].map((record) => structuredClone(record)).sort((a, b) => b.createdAt - a.createdAt);
  }
}
