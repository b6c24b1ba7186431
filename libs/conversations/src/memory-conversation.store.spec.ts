import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredResponse } from './conversation-store';
import { MemoryConversationStore } from './memory-conversation.store';

function record(id: string, at: number, text = 'x'): StoredResponse {
  return {
    id,
    owner: 'alice',
    previousResponseId: null,
    model: 'm',
    provider: 'p',
    status: 'completed',
    input: [{ type: 'message', id: `msg_${id}`, status: 'completed', role: 'user', content: [{ type: 'input_text', text }] }],
    output: [],
    response: {} as StoredResponse['response'],
    createdAt: at,
    expiresAt: at + 1000,
  };
}

describe('MemoryConversationStore bounds', () => {
  it('evicts the oldest entries beyond memory_max_entries', async () => {
    const store = new MemoryConversationStore({ memoryMaxEntries: 2, memoryMaxBytes: 1e6 }, () => 0);
    for (const id of ['a', 'b', 'c']) await store.save(record(id, 0));
    assert.equal(await store.get('alice', 'a'), undefined);
    assert.ok(await store.get('alice', 'b'));
    assert.ok(await store.get('alice', 'c'));
  });

  it('evicts the oldest entries beyond memory_max_bytes', async () => {
    const store = new MemoryConversationStore({ memoryMaxEntries: 100, memoryMaxBytes: 2500 }, () => 0);
    for (const id of ['a', 'b', 'c']) await store.save(record(id, 0, 'y'.repeat(1000)));
    assert.equal(await store.get('alice', 'a'), undefined);
    assert.ok(await store.get('alice', 'c'));
  });

  it('drops expired entries as new ones arrive, without reads', async () => {
    let now = 0;
    const store = new MemoryConversationStore({ memoryMaxEntries: 100, memoryMaxBytes: 1e6 }, () => now);
    await store.save(record('old', 0));
    now = 5000;
    await store.save(record('new', now));
    assert.equal(store.size, 1);
  });
});
