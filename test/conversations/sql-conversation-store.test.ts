import assert from 'node:assert/strict';
import { after, describe, it, mock } from 'node:test';
import { SqlConversationStore, openSqlConversationStore } from '@latticelm/conversations';
import { mariadbFixture, postgresFixture, sqliteFixture } from './store-fixtures';
import { storedResponse } from './stored-response-builder';

const T0 = 1_767_225_600_000;

for (const makeFixture of [sqliteFixture, postgresFixture, mariadbFixture]) {
  const fixture = makeFixture();

  describe(`SQL store upkeep: ${fixture.name}`, async () => {
    const skip = await fixture.prepare();
    after(async () => {
      if (!skip) await fixture.cleanup();
    });

    // SQLite is one process's file (the embedded default); replicas share PostgreSQL or MySQL.
    if (fixture.name !== 'sqlite') it('migrates once when replicas start together on a fresh database', { skip }, async () => {
      const stores = await Promise.all([1, 2, 3].map(() => openSqlConversationStore(fixture.config())));
      try {
        const applied = await stores[0].dataSource.query<{ name: string }[]>('SELECT name FROM latticelm_migrations');
        assert.deepEqual(applied.map((row) => row.name).sort(), ['CreateApiKeys1767398400000', 'CreateBudgets1767571200000', 'CreateResponses1767225600000', 'CreateUsageLog1767488400000', 'DropOwnerIndex1767312000000'], 'each migration ran once');
      } finally {
        await Promise.all(stores.map((store) => store.close()));
      }
    });

    it('creates the table through the committed migrations, with the id key and the expiry index, once', { skip }, async () => {
      const store = await openSqlConversationStore(fixture.config());
      await store.close();
      const again = await openSqlConversationStore(fixture.config());
      try {
        assert.equal(await again.dataSource.showMigrations(), false, 'nothing left to run');
        const runner = again.dataSource.createQueryRunner();
        try {
          const table = await runner.getTable('latticelm_responses');
          assert.ok(table);
          assert.deepEqual(table.primaryColumns.map((column) => column.name), ['id']);
          const indexed = table.indices.map((index) => index.columnNames.join(',')).sort();
          assert.deepEqual(indexed, ['expires_at']);
          const applied = (await runner.query('SELECT name FROM latticelm_migrations')) as { name: string }[];
          assert.deepEqual(applied.map((row) => row.name).sort(), ['CreateApiKeys1767398400000', 'CreateBudgets1767571200000', 'CreateResponses1767225600000', 'CreateUsageLog1767488400000', 'DropOwnerIndex1767312000000']);
        } finally {
          await runner.release();
        }
      } finally {
        await again.close();
      }
    });

    it('sweeps expired rows in batches and leaves live ones', { skip }, async () => {
      let now = T0;
      const store = await openSqlConversationStore(fixture.config(), () => now, { sweepBatchSize: 2 });
      try {
        const expired = Array.from({ length: 5 }, (_, index) => storedResponse({ at: now + index, ttl: 1000 }));
        const live = storedResponse({ at: now, ttl: 60_000 });
        for (const record of [...expired, live]) await store.save(record);
        now += 10_000;
        assert.equal(await store.sweepExpired(), 5);
        assert.equal(await store.sweepExpired(), 0);
        const left = await store.dataSource.query<{ id: string }[]>('SELECT id FROM latticelm_responses');
        assert.ok(left.some((row) => row.id === live.id));
        assert.ok(!left.some((row) => expired.some((record) => record.id === row.id)));
      } finally {
        await store.close();
      }
    });

    it('sweeps on its timer (sweep_interval) and stops the timer on close', { skip }, async () => {
      mock.timers.enable({ apis: ['setInterval'] });
      let now = T0;
      let store: SqlConversationStore | undefined;
      try {
        let swept: (result: unknown) => void = () => undefined;
        const firstSweep = new Promise((resolve) => (swept = resolve));
        store = await openSqlConversationStore({ ...fixture.config(), sweepIntervalMs: 60_000 }, () => now, { onSweep: (result) => swept(result) });
        await store.save(storedResponse({ at: now, ttl: 1000 }));
        now += 5000;
        mock.timers.tick(60_000);
        assert.deepEqual(await firstSweep, { removed: 1 });
        await store.close();
        store = undefined;
      } finally {
        mock.timers.reset();
        await store?.close();
      }
    });
  });
}
