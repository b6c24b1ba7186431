import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiKeyRecord } from './api-key';
import { MemoryApiKeyStore } from './api-key.store';
import { ApiKeyDirectory } from './api-key-directory';
import { hashSecret } from './api-key-secret';

const SECRET = `lm-${'s'.repeat(43)}`;

class CountingStore extends MemoryApiKeyStore {
  reads = 0;
  override findBySecretHash(hash: string) {
    this.reads += 1;
    return super.findBySecretHash(hash);
  }
}

function record(): ApiKeyRecord {
  return {
    id: 'key_1',
    name: 'k',
    owner: 'o',
    secretHash: hashSecret(SECRET),
    secretHint: 'ssss',
    previousSecretHash: null,
    previousExpiresAt: null,
    models: [],
    limits: {},
    budget: null,
    expiresAt: null,
    metadata: {},
    createdAt: 0,
    createdBy: 'a',
    rotatedAt: null,
    revokedAt: null,
    source: 'api',
  };
}

describe('ApiKeyDirectory', () => {
  it('reads the store once, refreshes a busy key in the background past half its lifetime, and re-reads after it', async () => {
    let now = 0;
    const store = new CountingStore();
    await store.insert(record());
    const directory = new ApiKeyDirectory(store, [], { ttlMs: 30_000, now: () => now });
    await Promise.all([directory.lookup(SECRET), directory.lookup(SECRET)]);
    assert.equal(store.reads, 1, 'concurrent first uses share one read');
    now = 10_000;
    assert.ok('record' in (await directory.lookup(SECRET)));
    assert.equal(store.reads, 1);
    now = 16_000;
    await store.update({ ...record(), revokedAt: 1 });
    assert.ok('record' in (await directory.lookup(SECRET)), 'served from the cache while the refresh runs');
    assert.equal(store.reads, 2);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await directory.lookup(SECRET), { refused: 'the API key has been revoked' }, 'the refresh saw the revocation');
  });

  it('forgets a key on invalidate, and caches an unknown secret too', async () => {
    const store = new CountingStore();
    await store.insert(record());
    const directory = new ApiKeyDirectory(store, [], { ttlMs: 30_000, now: () => 0 });
    await directory.lookup(SECRET);
    directory.invalidate('key_1');
    await directory.lookup(SECRET);
    assert.equal(store.reads, 2);
    await directory.lookup('lm-unknown');
    await directory.lookup('lm-unknown');
    assert.equal(store.reads, 3);
  });
});
