import type { DeclaredApiKey } from '@latticelm/config';
import type { ApiKeyRecord } from './api-key';
import { ApiKeyStore } from './api-key.store';
import { hashSecret, sameHash, secretHint } from './api-key-secret';

interface Entry {
  record: ApiKeyRecord | undefined;
  fetchedAt: number;
  refreshing?: Promise<void>;
}

export interface ApiKeyDirectoryOptions {
  /** a looked-up key (or its absence) is trusted this long; revocations elsewhere take effect within it */
  ttlMs: number;
  now: () => number;
  maxEntries?: number;
}

/** What a presented secret turned out to be. */
export type KeyLookup = { record: ApiKeyRecord } | { refused: string };

/**
 * Finds the key a secret belongs to: declared keys from a map built at start-up, the others from the store
 * through an in-process cache. An entry is served for `ttlMs`; past half of it a busy key is refreshed in the
 * background, so the request path waits on the store only for a key's first use (or after an idle `ttlMs`).
 * Concurrent first uses share one read. Revocation and rotation on this replica invalidate at once.
 */
export class ApiKeyDirectory {
  private readonly declared = new Map<string, ApiKeyRecord>();
  private readonly cache = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();
  private readonly maxEntries: number;

  constructor(
    private readonly store: ApiKeyStore,
    declared: readonly DeclaredApiKey[],
    private readonly options: ApiKeyDirectoryOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 10_000;
    for (const key of declared) this.declared.set(hashSecret(key.secret), declaredRecord(key));
  }

  declaredKeys(): ApiKeyRecord[] {
    return [...this.declared.values()];
  }

  async lookup(secret: string): Promise<KeyLookup> {
    const hash = hashSecret(secret);
    const now = this.options.now();
    const record = this.declared.get(hash) ?? (await this.cached(hash, now));
    if (!record) return { refused: 'the API key is not valid' };
    if (record.revokedAt !== null) return { refused: 'the API key has been revoked' };
    if (record.expiresAt !== null && now >= record.expiresAt) return { refused: 'the API key has expired' };
    if (sameHash(record.secretHash, hash)) return { record };
    if (sameHash(record.previousSecretHash, hash) && record.previousExpiresAt !== null && now < record.previousExpiresAt) return { record };
    return { refused: 'the API key was rotated and its grace period is over; use its new secret' };
  }

  /** Forgets every cached secret of the key (its current and previous one), after a local rotation or revocation. */
  invalidate(id: string): void {
    for (const [hash, entry] of this.cache) if (entry.record?.id === id) this.cache.delete(hash);
  }

  private async cached(hash: string, now: number): Promise<ApiKeyRecord | undefined> {
    const entry = this.cache.get(hash);
    const age = entry ? now - entry.fetchedAt : Number.POSITIVE_INFINITY;
    if (entry && age < this.options.ttlMs) {
      if (age >= this.options.ttlMs / 2 && !entry.refreshing && entry.record) {
        // A failed refresh leaves the entry as it was until its lifetime ends.
        entry.refreshing = this.fetch(hash).then(
          () => undefined,
          () => {
            entry.refreshing = undefined;
          },
        );
      }
      return entry.record;
    }
    return (await this.fetch(hash)).record;
  }

  private fetch(hash: string): Promise<Entry> {
    const inFlight = this.pending.get(hash);
    if (inFlight) return inFlight;
    const read = this.store.findBySecretHash(hash).then(
      (record) => {
        this.pending.delete(hash);
        const entry: Entry = { record, fetchedAt: this.options.now() };
        this.cache.delete(hash);
        this.cache.set(hash, entry);
        if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
        return entry;
      },
      (error: unknown) => {
        this.pending.delete(hash);
        throw error;
      },
    );
    this.pending.set(hash, read);
    return read;
  }
}

function declaredRecord(key: DeclaredApiKey): ApiKeyRecord {
  return {
    id: key.id,
    name: key.name,
    owner: key.owner,
    secretHash: hashSecret(key.secret),
    secretHint: secretHint(key.secret),
    previousSecretHash: null,
    previousExpiresAt: null,
    models: key.models,
    limits: key.limits,
    budget: key.budget ?? null,
    expiresAt: key.expiresAt ?? null,
    metadata: key.metadata,
    createdAt: 0,
    createdBy: 'config',
    rotatedAt: null,
    revokedAt: null,
    source: 'config',
  };
}
