import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OwnerBudgetStore, OwnerBudgets, ownerBudgetStoreFor } from '@latticelm/budgets';
import type { ConversationStore } from '@latticelm/conversations';
import { STORE_FIXTURES } from '../conversations/store-fixtures';

const T0 = 1_767_225_600_000;

// Owner budgets live on the connection the conversation store opened, as the keys do: one contract for every store.
for (const makeFixture of STORE_FIXTURES) {
  const fixture = makeFixture();

  describe(`owner budget store contract: ${fixture.name}`, async () => {
    const skip = await fixture.prepare();
    let conversations: ConversationStore | undefined;
    let store: OwnerBudgetStore;
    before(async () => {
      if (skip) return;
      conversations = await fixture.open(() => Date.now());
      store = ownerBudgetStoreFor(conversations.connection());
    });
    after(async () => {
      if (skip) return;
      await conversations?.close();
      await fixture.cleanup();
    });

    it('keeps one budget per owner: put replaces, list returns them by owner, delete says whether there was one', { skip }, async () => {
      await store.put({ owner: 'team-b', budget: { usd: 10, period: 'day', mode: 'hard' }, updatedAt: T0 });
      await store.put({ owner: 'ada@example.com', budget: { usd: 0.5, period: 'total', mode: 'soft' }, updatedAt: T0 });
      await store.put({ owner: 'team-b', budget: { usd: 12.25, period: 'month', mode: 'soft' }, updatedAt: T0 + 1 });
      assert.deepEqual(await store.list(), [
        { owner: 'ada@example.com', budget: { usd: 0.5, period: 'total', mode: 'soft' }, updatedAt: T0 },
        { owner: 'team-b', budget: { usd: 12.25, period: 'month', mode: 'soft' }, updatedAt: T0 + 1 },
      ]);
      assert.equal(await store.delete('team-b'), true);
      assert.equal(await store.delete('team-b'), false);
      assert.deepEqual((await store.list()).map((entry) => entry.owner), ['ada@example.com']);
    });

    // memory is this process's alone: there is no second replica to load it
    it('is what a second replica loads: the config declares some, the store holds the others', { skip: skip ?? (fixture.persistent ? false : 'memory is not shared') }, async () => {
      await store.put({ owner: 'team-c', budget: { usd: 3, period: 'day', mode: 'hard' }, updatedAt: T0 });
      const replica = new OwnerBudgets(ownerBudgetStoreFor((conversations as ConversationStore).connection()), [{ owner: 'team-d', budget: { usd: 1, period: 'total', mode: 'hard' } }], 60_000);
      await replica.load();
      try {
        assert.deepEqual(replica.get('team-c'), { owner: 'team-c', budget: { usd: 3, period: 'day', mode: 'hard' }, source: 'api', updatedAt: T0 });
        assert.equal(replica.get('team-d')?.source, 'config');
        assert.equal(replica.get('nobody'), undefined);
      } finally {
        replica.stop();
      }
    });
  });
}
