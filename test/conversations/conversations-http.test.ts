import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { GatewayEvents, GatewayEventMap } from '@latticelm/api';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, gatewayClient, startGateway } from '../support/gateway-harness';
import { assertValidError } from '../support/spec-assertions';
import { openAITranscript } from './transcripts';

describe('stored responses over HTTP, driven by the openai SDK (memory store)', () => {
  const openai = new FakeOpenAI('openai', 'sk-openai');
  let gateway: RunningGateway;
  let client: OpenAI;

  before(async () => {
    await openai.start();
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1` } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
      conversations: { store: 'memory', max_chain_length: 3 },
      // store.operation events feed the metrics: with metrics off the store is called without them
      observability: { enabled: true },
    });
    client = gatewayClient(gateway);
  });
  after(async () => {
    await gateway.close();
    await openai.stop();
  });
  beforeEach(() => openai.reset());

  it('continues a three-turn conversation: the vendor gets the whole context in order, instructions not carried over', async () => {
    openai.enqueue({ kind: 'text', text: 'Arr, hello.' }, { kind: 'text', text: 'Blue, matey.' }, { kind: 'text', text: 'Green.' });
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'Hello', instructions: 'Talk like a pirate.' });
    const second = await client.responses.create({ model: 'gpt-4o-mini', input: 'Sky colour?', previous_response_id: first.id });
    const third = await client.responses.create({ model: 'gpt-4o-mini', input: 'Grass colour?', previous_response_id: second.id, instructions: 'Be terse.' });
    assert.equal(third.output_text, 'Green.');
    assert.equal(third.previous_response_id, second.id);

    const [turn1, turn2, turn3] = openai.requests.map((request) => request.body);
    assert.equal(turn1.instructions, 'Talk like a pirate.');
    assert.equal(turn2.instructions, undefined, 'instructions of an earlier turn are not carried over');
    assert.equal(turn3.instructions, 'Be terse.');
    assert.deepEqual(openAITranscript(turn3.input), [
      'user:Hello',
      'assistant:Arr, hello.',
      'user:Sky colour?',
      'assistant:Blue, matey.',
      'user:Grass colour?',
    ]);
  });

  it('finds a streamed response as soon as response.completed arrives', async () => {
    openai.enqueue({ kind: 'text', text: 'streamed' }, { kind: 'text', text: 'follow-up' });
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'stream it', stream: true });
    let continued: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      if (event.type !== 'response.completed') continue;
      // Before the stream has even ended, the response is already stored and can be continued.
      const stored = await client.responses.retrieve(event.response.id);
      assert.equal(stored.output_text, 'streamed');
      continued = await client.responses.create({ model: 'gpt-4o-mini', input: 'more', previous_response_id: event.response.id });
    }
    assert.equal(continued?.output_text, 'follow-up');
    assert.deepEqual(openAITranscript(openai.requests[1].body.input), ['user:stream it', 'assistant:streamed', 'user:more']);
  });

  it('retrieves, lists input items (with auto-pagination) and deletes through the SDK', async () => {
    const input = ['one', 'two', 'three', 'four', 'five'].map((text) => ({ role: 'user' as const, content: text }));
    const created = await client.responses.create({ model: 'gpt-4o-mini', input });
    const retrieved = await client.responses.retrieve(created.id);
    assert.deepEqual(retrieved, created);

    const texts: string[] = [];
    for await (const item of client.responses.inputItems.list(created.id, { limit: 2, order: 'asc' })) {
      assert.equal(item.type, 'message');
      texts.push((item as any).content[0].text);
    }
    assert.deepEqual(texts, ['one', 'two', 'three', 'four', 'five']);
    const page = await client.responses.inputItems.list(created.id, { limit: 2 });
    assert.deepEqual(page.data.map((item: any) => item.content[0].text), ['five', 'four'], 'newest first by default');
    assert.equal(page.has_more, true);

    const deleted = (await client.responses.delete(created.id)) as unknown;
    assert.deepEqual(deleted, { id: created.id, object: 'response.deleted', deleted: true });
    await assert.rejects(client.responses.retrieve(created.id), (error: unknown) => error instanceof OpenAI.NotFoundError);
    await assert.rejects(client.responses.delete(created.id), (error: unknown) => error instanceof OpenAI.NotFoundError);
  });

  it('does not keep store:false responses', async () => {
    const created = await client.responses.create({ model: 'gpt-4o-mini', input: 'forget me', store: false });
    assert.equal((created as unknown as { store: boolean }).store, false);
    await assert.rejects(client.responses.retrieve(created.id), (error: unknown) => error instanceof OpenAI.NotFoundError);
    await assert.rejects(
      client.responses.create({ model: 'gpt-4o-mini', input: 'x', previous_response_id: created.id }),
      (error: unknown) => error instanceof OpenAI.NotFoundError,
    );
  });

  it('answers unknown ids with spec not-found errors and nothing reaches the vendor', async () => {
    const requests: [string, string, unknown?][] = [
      ['GET', '/v1/responses/resp_unknown'],
      ['DELETE', '/v1/responses/resp_unknown'],
      ['GET', '/v1/responses/resp_unknown/input_items'],
      ['POST', '/v1/responses', { model: 'gpt-4o-mini', input: 'x', previous_response_id: 'resp_unknown' }],
    ];
    for (const [method, path, body] of requests) {
      const res = await fetch(`${gateway.url}${path}`, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = await res.json();
      assert.equal(res.status, 404, `${method} ${path}`);
      assertValidError(json);
      assert.match(json.error.message, /resp_unknown/);
    }
    assert.equal(openai.requests.length, 0);
  });

  it('refuses a conversation longer than max_chain_length with a clear 400', async () => {
    let previous: string | undefined;
    for (let turn = 0; turn < 4; turn += 1) {
      previous = (await client.responses.create({ model: 'gpt-4o-mini', input: `turn ${turn}`, previous_response_id: previous })).id;
    }
    const res = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'one too many', previous_response_id: previous }),
    });
    const json = await res.json();
    assert.equal(res.status, 400);
    assertValidError(json);
    assert.equal(json.error.code, 'conversation_too_long');
    assert.equal(json.error.param, 'previous_response_id');
    assert.match(json.error.message, /conversations\.max_chain_length/);
  });

  it('refuses to continue a conversation whose earlier response was deleted, naming it', async () => {
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'one' });
    const second = await client.responses.create({ model: 'gpt-4o-mini', input: 'two', previous_response_id: first.id });
    await client.responses.delete(first.id);
    const before = openai.requests.length;
    const res = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'three', previous_response_id: second.id }),
    });
    assert.equal(res.status, 404);
    const body = await res.json();
    assert.equal(body.error.code, 'previous_response_not_found');
    assert.ok(body.error.message.includes(first.id));
    assert.equal(openai.requests.length, before, 'no truncated context reached the vendor');
  });

  it('reports store operations on the event bus for metrics', async () => {
    const seen: GatewayEventMap['store.operation'][] = [];
    const stop = gateway.app.get(GatewayEvents).on('store.operation', (event) => seen.push(event));
    try {
      const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'a' });
      await client.responses.create({ model: 'gpt-4o-mini', input: 'b', previous_response_id: first.id });
    } finally {
      stop();
    }
    // the chain's expiry moves while the second record is written: those two may end in either order
    const reported = seen.map(({ store, operation, ok }) => `${store}:${operation}:${ok}`);
    assert.deepEqual(reported.slice(0, 2), ['memory:save:true', 'memory:get_chain:true']);
    assert.deepEqual(reported.slice(2).sort(), ['memory:extend_expiry:true', 'memory:save:true']);
  });
});
