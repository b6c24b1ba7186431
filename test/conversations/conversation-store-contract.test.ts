import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GatewayError, OutputItem, outputItemId } from '@latticelm/api';
import type { ConversationStore } from '@latticelm/conversations';
import { listInputItems, loadConversationHistory } from '@latticelm/responses';
import { STORE_FIXTURES } from './store-fixtures';
import { HOUR, assistantMessage, storedResponse, userMessage } from './stored-response-builder';

const LIMITS = { maxChainLength: 100, maxItems: 2000 };
const T0 = 1_767_225_600_000;

for (const makeFixture of STORE_FIXTURES) {
  const fixture = makeFixture();

  describe(`ConversationStore contract: ${fixture.name}`, async () => {
    const skip = await fixture.prepare();
    let now = T0;
    const clock = () => now;
    let store: ConversationStore;

    before(async () => {
      if (!skip) store = await fixture.open(clock);
    });
    after(async () => {
      if (skip) return;
      await store.close();
      await fixture.cleanup();
    });

    it('saves and loads a response with all its fields, user text byte for byte', { skip }, async () => {
      // strings a serializer might "revive" (telejson turns these into a function and a Date), and non-ASCII text
      const input = [userMessage('_function_x|function(){ return 1 }'), userMessage('_date_2020-01-01T00:00:00Z'), userMessage('héllo 👋 \u0000? "quoted"')];
      const record = storedResponse({ at: now, input });
      await store.save(record);
      assert.deepEqual(await store.get('alice', record.id), record);
      assert.equal(await store.get('alice', 'resp_unknown'), undefined);
    });

    it('rebuilds a chain with tool calls, oldest first, without instructions', { skip }, async () => {
      const call = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' } as const;
      const first = storedResponse({ at: now, input: [userMessage('Weather in Paris?')], output: [call] });
      const callOutput = { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: '{"sky":"sunny"}', status: 'completed' } as const;
      const second = storedResponse({ at: now + 1, previous: first.id, input: [callOutput], output: [assistantMessage('It is sunny.')] });
      const third = storedResponse({ at: now + 2, previous: second.id, input: [userMessage('And tomorrow?')], output: [assistantMessage('Rain.')] });
      for (const record of [first, second, third]) await store.save(record);

      const chain = await store.getChain('alice', third.id, 10);
      assert.deepEqual(chain.map((record) => record.id), [third.id, second.id, first.id]);
      assert.deepEqual((await store.getChain('alice', third.id, 2)).map((record) => record.id), [third.id, second.id]);

      const { items: history } = await loadConversationHistory(store, 'alice', third.id, LIMITS);
      assert.deepEqual(history, [...first.input, ...first.output, ...second.input, ...second.output, ...third.input, ...third.output]);
      assert.ok(!JSON.stringify(history).includes('be brief'), 'instructions are not carried over');

      await assert.rejects(loadConversationHistory(store, 'alice', third.id, { maxChainLength: 2, maxItems: 2000 }), (error: unknown) => {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.status, 400);
        assert.equal(error.code, 'conversation_too_long');
        assert.match(error.message, /max_chain_length/);
        return true;
      });
      await assert.rejects(loadConversationHistory(store, 'alice', third.id, { maxChainLength: 3, maxItems: 5 }), /max_items/);
      assert.equal((await loadConversationHistory(store, 'alice', third.id, { maxChainLength: 3, maxItems: 6 })).items.length, 6);
    });

    it('expires records after the TTL on the store clock; a chain with an expired link is refused', { skip }, async () => {
      const old = storedResponse({ at: now, ttl: 1000 });
      const young = storedResponse({ at: now, previous: old.id, ttl: HOUR });
      await store.save(old);
      await store.save(young);
      assert.equal((await store.getChain('alice', young.id, 10)).length, 2);
      now += 1000;
      assert.equal(await store.get('alice', old.id), undefined);
      assert.equal(await store.delete('alice', old.id), false);
      assert.deepEqual((await store.getChain('alice', young.id, 10)).map((record) => record.id), [young.id]);
      await assert.rejects(loadConversationHistory(store, 'alice', young.id, LIMITS), (error: unknown) => {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.status, 404);
        assert.ok(error.message.includes(old.id), 'names the missing link');
        return true;
      });
      now += HOUR;
      assert.equal(await store.get('alice', young.id), undefined);
      await assert.rejects(loadConversationHistory(store, 'alice', young.id, LIMITS), (error: unknown) => error instanceof GatewayError && error.status === 404);
    });

    it('keeps a conversation alive while it is used: extendExpiry moves the chain to the new expiry', { skip }, async () => {
      const first = storedResponse({ at: now, ttl: HOUR });
      const second = storedResponse({ at: now + 1, previous: first.id, ttl: HOUR });
      await store.save(first);
      await store.save(second);
      const chain = await store.getChain('alice', second.id, 10);
      await store.extendExpiry('bob', chain, now + 3 * HOUR);
      now += HOUR + 1;
      assert.equal(await store.get('alice', first.id), undefined, "another owner's extension changes nothing");
      now -= HOUR + 1;
      await store.extendExpiry('alice', chain, now + 3 * HOUR);
      now += 2 * HOUR;
      const alive = await store.getChain('alice', second.id, 10);
      assert.deepEqual(alive.map((record) => record.id), [second.id, first.id]);
      now += 2 * HOUR;
      assert.deepEqual(await store.getChain('alice', second.id, 10), []);
    });

    it("isolates owners: another owner reads and deletes nothing, and cannot tell the id exists", { skip }, async () => {
      const record = storedResponse({ at: now, owner: 'alice' });
      await store.save(record);
      assert.equal(await store.get('bob', record.id), undefined);
      assert.deepEqual(await store.getChain('bob', record.id, 10), []);
      assert.equal(await store.delete('bob', record.id), false);
      assert.ok(await store.get('alice', record.id), 'still there for its owner');
      const asBob = await loadConversationHistory(store, 'bob', record.id, LIMITS).catch((error: unknown) => error);
      const unknown = await loadConversationHistory(store, 'bob', 'resp_nope', LIMITS).catch((error: unknown) => error);
      assert.ok(asBob instanceof GatewayError && unknown instanceof GatewayError);
      assert.equal(asBob.status, 404);
      assert.equal(asBob.message.replace(record.id, 'X'), unknown.message.replace('resp_nope', 'X'));
      // An owner whose name looks like a key separator cannot reach another owner's records either.
      assert.equal(await store.get('alice:x', record.id), undefined);
    });

    it('finds an output item by its id for its owner only, until the response expires or is deleted (item_reference)', { skip }, async () => {
      const id = `resp_${process.pid}items${now.toString(36)}`;
      const message = { ...assistantMessage('Earlier answer.'), id: outputItemId('msg', id, 1) };
      const reasoning: OutputItem = { type: 'reasoning', id: outputItemId('rs', id, 0), summary: [{ type: 'summary_text', text: 'thought' }] };
      const record = storedResponse({ at: now, id, output: [reasoning, message], ttl: 1000 });
      await store.save(record);
      assert.deepEqual(await store.getItem('alice', message.id), message);
      assert.deepEqual(await store.getItem('alice', reasoning.id), reasoning);
      assert.equal(await store.getItem('mallory', message.id), undefined);
      assert.equal(await store.getItem('alice', outputItemId('msg', id, 7)), undefined);
      assert.equal(await store.getItem('alice', 'msg_not-an-output-item'), undefined);
      assert.equal(await store.getItem('alice', record.input[0].id), undefined, 'input items are not output items');
      const other = storedResponse({ at: now, id: `${id}b`, output: [{ ...assistantMessage('Deleted.'), id: outputItemId('msg', `${id}b`, 0) }] });
      await store.save(other);
      assert.equal(await store.delete('alice', other.id), true);
      assert.equal(await store.getItem('alice', outputItemId('msg', other.id, 0)), undefined);
      now += 1000;
      assert.equal(await store.getItem('alice', message.id), undefined);
    });

    it('deletes a record once', { skip }, async () => {
      const record = storedResponse({ at: now });
      await store.save(record);
      assert.equal(await store.delete('alice', record.id), true);
      assert.equal(await store.get('alice', record.id), undefined);
      assert.equal(await store.delete('alice', record.id), false);
    });

    it('pages through stored input items', { skip }, async () => {
      const input = ['a', 'b', 'c', 'd', 'e'].map(userMessage);
      const record = storedResponse({ at: now, input });
      await store.save(record);
      const loaded = await store.get('alice', record.id);
      assert.ok(loaded);
      const ids = input.map((item) => item.id);
      const first = listInputItems(loaded.input, { order: 'asc', limit: '2' });
      assert.deepEqual(first.data.map((item) => item.id), ids.slice(0, 2));
      assert.equal(first.has_more, true);
      const second = listInputItems(loaded.input, { order: 'asc', limit: '2', after: first.last_id ?? undefined });
      assert.deepEqual(second.data.map((item) => item.id), ids.slice(2, 4));
      const last = listInputItems(loaded.input, { order: 'asc', limit: '2', after: second.last_id ?? undefined });
      assert.deepEqual(last.data.map((item) => item.id), ids.slice(4));
      assert.equal(last.has_more, false);
      assert.deepEqual(listInputItems(loaded.input, {}).data.map((item) => item.id), [...ids].reverse());
    });

    it('keeps every branch of one chain under concurrent writes', { skip }, async () => {
      const root = storedResponse({ at: now });
      await store.save(root);
      const children = Array.from({ length: 12 }, (_, index) => storedResponse({ at: now + index, previous: root.id }));
      const grandchildren = children.map((child, index) => storedResponse({ at: now + 100 + index, previous: child.id }));
      await Promise.all(children.map((child) => store.save(child)));
      await Promise.all([...grandchildren.map((record) => store.save(record)), ...children.map((child) => store.getChain('alice', child.id, 10))]);
      const chains = await Promise.all(grandchildren.map((record) => store.getChain('alice', record.id, 10)));
      chains.forEach((chain, index) => assert.deepEqual(chain.map((record) => record.id), [grandchildren[index].id, children[index].id, root.id]));
    });

    it('has each of many concurrent saves readable the moment its own save resolves, the same id saved twice at once included', { skip }, async () => {
      const records = Array.from({ length: 300 }, (_, index) => storedResponse({ at: now + index }));
      const twice = { ...records[0], status: 'incomplete' as const };
      await Promise.all(
        [...records, twice].map(async (record) => {
          await store.save(record);
          assert.ok(await store.get('alice', record.id), `${record.id} was not readable when its save resolved`);
        }),
      );
      assert.equal((await store.get('alice', records[0].id))?.status, 'incomplete');
    });

    it('keeps records across closing and reopening the store', { skip: skip ?? (fixture.persistent ? undefined : 'the memory store lives in the process') }, async () => {
      const first = storedResponse({ at: now });
      const second = storedResponse({ at: now, previous: first.id });
      await store.save(first);
      await store.save(second);
      await store.close();
      store = await fixture.open(clock);
      assert.deepEqual(await store.get('alice', second.id), second);
      assert.deepEqual((await store.getChain('alice', second.id, 10)).map((record) => record.id), [second.id, first.id]);
      await store.checkHealth();
    });
  });
}
