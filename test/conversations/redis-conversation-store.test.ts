import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Redis from 'ioredis';
import { createConversationStore } from '@latticelm/conversations';
import { redisFixture } from './store-fixtures';
import { storedResponse } from './stored-response-builder';

describe('Redis store specifics', async () => {
  const fixture = redisFixture();
  const skip = await fixture.prepare();
  after(async () => {
    if (!skip) await fixture.cleanup();
  });

  it('sets native key expiry from the TTL under the configured key prefix, as plain JSON', { skip }, async () => {
    const config = fixture.config();
    const store = await createConversationStore(config);
    const client = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
    try {
      await client.connect();
      const record = storedResponse({ at: Date.now(), ttl: 90_000 });
      await store.save(record);
      const keys = await client.keys(`${config.keyPrefix}*`);
      assert.deepEqual(keys, [`${config.keyPrefix}response:alice:${record.id}`]);
      const ttl = await client.pttl(keys[0]);
      assert.ok(ttl > 80_000 && ttl <= 90_000, `PTTL ${ttl}`);
      assert.equal(JSON.parse((await client.get(keys[0])) ?? '{}').record.id, record.id);
    } finally {
      client.disconnect();
      await store.close();
    }
  });
});
