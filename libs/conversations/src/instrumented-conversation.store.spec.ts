import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayEvents, GatewayEventMap } from '@latticelm/api';
import { ConversationStore, StoredResponse } from './conversation-store';
import { InstrumentedConversationStore } from './instrumented-conversation.store';
import { MemoryConversationStore } from './memory-conversation.store';

class BrokenStore extends ConversationStore {
  readonly kind = 'broken';
  save = async (): Promise<void> => {
    throw new Error('down');
  };
  get = async (): Promise<StoredResponse | undefined> => undefined;
  delete = async (): Promise<boolean> => false;
  checkHealth = async (): Promise<void> => undefined;
  close = async (): Promise<void> => undefined;
}

describe('InstrumentedConversationStore', () => {
  it('reports each call as store.operation with kind, operation, duration and outcome', async () => {
    const events = new GatewayEvents();
    const seen: GatewayEventMap['store.operation'][] = [];
    events.on('store.operation', (event) => seen.push(event));
    const memory = new InstrumentedConversationStore(new MemoryConversationStore({ memoryMaxEntries: 10, memoryMaxBytes: 1e6 }), events);
    assert.equal(await memory.get('alice', 'resp_x'), undefined);
    assert.deepEqual(await memory.getChain('alice', 'resp_x', 5), []);
    await assert.rejects(new InstrumentedConversationStore(new BrokenStore(), events).save({} as StoredResponse), /down/);
    assert.deepEqual(
      seen.map(({ store, operation, ok }) => ({ store, operation, ok })),
      [
        { store: 'memory', operation: 'get', ok: true },
        { store: 'memory', operation: 'get_chain', ok: true },
        { store: 'broken', operation: 'save', ok: false },
      ],
    );
    assert.ok(seen.every((event) => event.durationMs >= 0));
  });
});
