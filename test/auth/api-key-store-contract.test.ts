import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiKeyRecord, ApiKeyStore, apiKeyStoreFor, hashSecret } from '@latticelm/auth';
import type { ConversationStore } from '@latticelm/conversations';
import { STORE_FIXTURES } from '../conversations/store-fixtures';

const T0 = 1_767_225_600_000;

function record(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  const id = overrides.id ?? `key_${Math.random().toString(16).slice(2)}`;
  return {
    id,
    name: 'ci',
    owner: 'team-a',
    secretHash: hashSecret(`lm-${id}-secret`),
    secretHint: 'abcd',
    previousSecretHash: null,
    previousExpiresAt: null,
    models: ['gpt-4o-mini', 'claude-*'],
    limits: { requestsPerMinute: 60, tokensPerMinute: 10_000 },
    budget: { usd: 12.5, period: 'month', mode: 'soft' },
    expiresAt: T0 + 86_400_000,
    metadata: { team: 'a', note: 'ünïcode' },
    createdAt: T0,
    createdBy: 'alice',
    rotatedAt: null,
    revokedAt: null,
    source: 'api',
    ...overrides,
  };
}

// The key store lives on the connection the conversation store opened: one contract for every backing store.
for (const makeFixture of STORE_FIXTURES) {
  const fixture = makeFixture();

  describe(`API key store contract: ${fixture.name}`, async () => {
    const skip = await fixture.prepare();
    let conversations: ConversationStore | undefined;
    let store: ApiKeyStore;
    before(async () => {
      if (skip) return;
      conversations = await fixture.open(() => Date.now());
      store = apiKeyStoreFor(conversations);
    });
    after(async () => {
      if (skip) return;
      await conversations?.close();
      await fixture.cleanup();
    });

    it('stores a key and reads it back whole, by id and by its secret hash', { skip }, async () => {
      const key = record();
      await store.insert(key);
      assert.deepEqual(await store.get(key.id), key);
      assert.deepEqual(await store.findBySecretHash(key.secretHash), key);
      assert.equal(await store.get('key_missing'), undefined);
      assert.equal(await store.findBySecretHash(hashSecret('lm-unknown')), undefined);
    });

    it('keeps nulls and empty lists as they are', { skip }, async () => {
      const key = record({ models: [], limits: {}, budget: null, expiresAt: null, metadata: {} });
      await store.insert(key);
      assert.deepEqual(await store.get(key.id), key);
    });

    it('finds a rotated key by its new and its previous secret, and updates in place', { skip }, async () => {
      const key = record();
      await store.insert(key);
      const rotated = { ...key, previousSecretHash: key.secretHash, previousExpiresAt: T0 + 3_600_000, secretHash: hashSecret('lm-new'), rotatedAt: T0 + 1 };
      // a grace period in the future of the real clock, since Redis expires the previous hash natively
      rotated.previousExpiresAt = Date.now() + 3_600_000;
      await store.update(rotated);
      assert.deepEqual(await store.findBySecretHash(rotated.secretHash), rotated);
      assert.deepEqual(await store.findBySecretHash(key.secretHash), rotated);
      const revoked = { ...rotated, revokedAt: T0 + 2 };
      await store.update(revoked);
      assert.equal((await store.get(key.id))?.revokedAt, T0 + 2);
    });

    it('lists every key, newest first', { skip }, async () => {
      const older = record({ createdAt: T0 + 10_000 });
      const newer = record({ createdAt: T0 + 20_000 });
      await store.insert(older);
      await store.insert(newer);
      const ids = (await store.list()).map((key) => key.id);
      assert.ok(ids.indexOf(newer.id) < ids.indexOf(older.id));
      assert.ok(ids.indexOf(newer.id) === 0);
    });
  });
}
