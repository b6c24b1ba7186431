import type { Redis } from 'ioredis';
import type { ApiKeyRecord } from './api-key';
import { ApiKeyStore } from './api-key.store';

/**
 * Keys in the conversations' Redis: `<prefix>apikey:<id>` holds the record, `<prefix>apikey-hash:<sha256>` the id
 * (the previous secret's entry expires natively at the end of its grace), and `<prefix>apikeys` indexes the ids.
 */
export class RedisApiKeyStore extends ApiKeyStore {
  readonly kind = 'redis';

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
  ) {
    super();
  }

  insert(record: ApiKeyRecord): Promise<void> {
    return this.write(record);
  }

  update(record: ApiKeyRecord): Promise<void> {
    return this.write(record);
  }

  private async write(record: ApiKeyRecord): Promise<void> {
    const multi = this.client
      .multi()
      .set(this.recordKey(record.id), JSON.stringify(record))
      .set(this.hashKey(record.secretHash), record.id)
      .zadd(this.indexKey(), record.createdAt, record.id);
    if (record.previousSecretHash !== null && record.previousExpiresAt !== null) {
      multi.set(this.hashKey(record.previousSecretHash), record.id, 'PXAT', record.previousExpiresAt);
    }
    const results = await multi.exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const value = await this.client.get(this.recordKey(id));
    return value === null ? undefined : (JSON.parse(value) as ApiKeyRecord);
  }

  async findBySecretHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const id = await this.client.get(this.hashKey(hash));
    return id === null ? undefined : this.get(id);
  }

  async list(): Promise<ApiKeyRecord[]> {
    const ids = await this.client.zrevrange(this.indexKey(), 0, -1);
    if (ids.length === 0) return [];
    const values = await this.client.mget(ids.map((id) => this.recordKey(id)));
    return values.filter((value): value is string => value !== null).map((value) => JSON.parse(value) as ApiKeyRecord);
  }

  private recordKey(id: string): string {
    return `${this.prefix}apikey:${id}`;
  }

  private hashKey(hash: string): string {
    return `${this.prefix}apikey-hash:${hash}`;
  }

  private indexKey(): string {
    return `${this.prefix}apikeys`;
  }
}
