import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { ResponseCache } from '@latticelm/response-cache';
import { ProviderInvoker } from '@latticelm/responses';
import { ResilientProviderInvoker } from '@latticelm/traffic';
import { FakeOpenAI } from '../fakes/fake-openai';
import { parsePrometheusText } from '../observability/prometheus-text';
import { RunningGateway, postResponse, startGateway } from '../support/gateway-harness';
import { assertValidError, assertValidResponse, assertValidStream } from '../support/spec-assertions';
import { ResponsesSocket } from '../support/responses-socket';
import { collectSse } from '../support/sse';

const KEY_A = `lm-team-a-${'a'.repeat(30)}`;
const KEY_B = `lm-team-b-${'b'.repeat(30)}`;
const KEY_OUT = `lm-opt-out-${'c'.repeat(30)}`;
const KEY_IN = `lm-opt-in-${'d'.repeat(30)}`;
const MODEL = 'gpt-4o-mini';
const fake = new FakeOpenAI('openai', 'k');

/** The vendor calls the fake answered since `since` (its request log only grows within a test file). */
const upstreamCalls = (since = 0) => fake.requests.slice(since).filter((request) => request.path === '/v1/responses').length;

function start(responseCache: Record<string, unknown>, keys: Record<string, unknown>[]) {
  return startGateway({
    providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1`, max_retries: 0 } },
    models: [{ name: MODEL, provider: 'openai' }],
    observability: { enabled: true, metrics: { enabled: true } },
    auth: { api_keys: { enabled: true, keys } },
    response_cache: { enabled: true, ...responseCache },
  });
}

const sdk = (gateway: RunningGateway, key: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: key, maxRetries: 0 });
const bearer = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });
const written = (gateway: RunningGateway) => gateway.app.get(ResponseCache).settled();

async function cacheCounts(gateway: RunningGateway): Promise<Record<string, number>> {
  const metrics = parsePrometheusText(await (await fetch(`${gateway.url}/metrics`)).text());
  return Object.fromEntries(['hit', 'miss', 'refresh', 'bypass'].map((result) => [result, metrics.sum('latticelm_response_cache_total', { result })]));
}

describe('response cache, memory store, through the gateway', () => {
  let gateway: RunningGateway;
  let shared: RunningGateway;

  before(async () => {
    await fake.start();
    gateway = await start({}, [
      { name: 'team-a', key: KEY_A, owner: 'team-a' },
      { name: 'team-b', key: KEY_B, owner: 'team-b' },
      { name: 'opt-out', key: KEY_OUT, owner: 'team-c', metadata: { response_cache: 'off' } },
    ]);
    shared = await start({ shared: true, cache_by_default: false }, [
      { name: 'team-a', key: KEY_A, owner: 'team-a', metadata: { response_cache: 'on' } },
      { name: 'team-b', key: KEY_B, owner: 'team-b', metadata: { response_cache: 'on' } },
      { name: 'opt-in-less', key: KEY_IN, owner: 'team-d' },
    ]);
  });
  after(async () => {
    await gateway?.close();
    await shared?.close();
    await fake.stop();
  });

  it('JSON: the second identical request is a hit — one vendor call, a new id, the same answer and usage, cost 0', async () => {
    const since = fake.requests.length;
    fake.enqueue({ kind: 'text', text: 'Paris.', usage: { inputTokens: 40, outputTokens: 3 } });
    const client = sdk(gateway, KEY_A);
    const first = await client.responses.create({ model: MODEL, input: 'Capital of France?', store: false }).withResponse();
    await written(gateway);
    const second = await client.responses.create({ model: MODEL, input: 'Capital of France?', store: false }).withResponse();

    assert.equal(upstreamCalls(since), 1, 'the vendor is called once for two identical requests');
    assert.equal(first.response.headers.get('x-latticelm-cache'), 'miss');
    assert.equal(second.response.headers.get('x-latticelm-cache'), 'hit');
    assert.ok(Number(first.response.headers.get('x-latticelm-cost-usd')) > 0, 'the miss is billed');
    assert.equal(second.response.headers.get('x-latticelm-cost-usd'), '0');
    assert.equal((second.data as unknown as { cost_usd?: number }).cost_usd, 0);
    assert.equal(second.data.output_text, 'Paris.');
    assert.notEqual(second.data.id, first.data.id, 'a hit is a response of its own');
    assert.notEqual(second.data.output[0].id, first.data.output[0].id);
    assert.deepEqual(second.data.usage, first.data.usage, "the usage shown is the original answer's");
    assert.equal(second.data.model, MODEL);
    assertValidResponse(second.data);
  });

  it('SSE: a hit is a complete Open Responses event stream, valid against the spec, shaped as the vendor-served one', async () => {
    const since = fake.requests.length;
    fake.enqueue({ kind: 'text', text: 'Rome is the capital of Italy.', reasoning: 'Italy → Rome.' });
    const body = { model: MODEL, input: 'Capital of Italy?', store: false, include: ['reasoning.encrypted_content'], stream: true };
    const live = await collectSse(await postResponse(gateway, body, bearer(KEY_A)));
    await written(gateway);

    const streamed = await postResponse(gateway, body, bearer(KEY_A));
    assert.equal(streamed.headers.get('x-latticelm-cache'), 'hit');
    assert.equal(streamed.headers.get('x-latticelm-cost-usd'), '0', "a hit's cost is known before its first event");
    const { events, messages, done } = await collectSse(streamed);
    assertValidStream(events, messages, done);
    // the kept answer joins adjacent deltas: one delta event where the vendor sent one per word
    const shape = (list: { type: string }[]) => list.map((event) => event.type).filter((type, index, types) => type !== types[index - 1]);
    assert.deepEqual(shape(events), shape(live.events));
    assert.ok(events.length < live.events.length);
    const text = events.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta as string).join('');
    assert.equal(text, 'Rome is the capital of Italy.');
    const completed = events.at(-1)!.response;
    const original = live.events.at(-1)!.response;
    assert.equal(completed.cost_usd, 0);
    assert.notEqual(completed.id, original.id);
    assert.deepEqual(completed.output.map(({ id: _id, ...item }: { id: string }) => item), original.output.map(({ id: _id, ...item }: { id: string }) => item));
    assert.ok(completed.output.some((item: { type: string; encrypted_content?: string }) => item.type === 'reasoning' && item.encrypted_content), 'the encrypted reasoning is replayed');

    // a JSON request, and the SDK's own stream parser, get the same kept answer
    const json = await (await postResponse(gateway, { ...body, stream: false }, bearer(KEY_A))).json();
    assert.equal(json.output.at(-1).content[0].text, 'Rome is the capital of Italy.');
    const stream = await sdk(gateway, KEY_A).responses.create(body as OpenAI.Responses.ResponseCreateParamsStreaming);
    let sdkText = '';
    for await (const event of stream) if (event.type === 'response.output_text.delta') sdkText += event.delta;
    assert.equal(sdkText, 'Rome is the capital of Italy.');
    assert.equal(upstreamCalls(since), 1);
  });

  it('tool calls are kept and replay with their call ids, streamed and as JSON', async () => {
    const since = fake.requests.length;
    fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_weather1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
    const tools = [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
    const body = { model: MODEL, input: 'Weather in Oslo?', tools, store: false };
    const first = await collectSse(await postResponse(gateway, { ...body, stream: true }, bearer(KEY_A)));
    assertValidStream(first.events, first.messages, first.done);
    await written(gateway);
    const again = await collectSse(await postResponse(gateway, { ...body, stream: true }, bearer(KEY_A)));
    assertValidStream(again.events, again.messages, again.done);
    const json = await (await postResponse(gateway, body, bearer(KEY_A))).json();
    assert.equal(upstreamCalls(since), 1);
    assert.deepEqual(
      json.output.map(({ type, call_id, name, arguments: args }: Record<string, string>) => ({ type, call_id, name, args })),
      [{ type: 'function_call', call_id: 'call_weather1', name: 'get_weather', args: '{"city":"Oslo"}' }],
    );
    assert.equal(again.events.filter((event) => event.type === 'response.function_call_arguments.delta').map((event) => event.delta as string).join(''), '{"city":"Oslo"}');
  });

  it('keeps answers per API key; a key with metadata.response_cache: off is never cached', async () => {
    const since = fake.requests.length;
    const ask = (key: string) => postResponse(gateway, { model: MODEL, input: 'Capital of Spain?', store: false }, bearer(key));
    assert.equal((await ask(KEY_A)).headers.get('x-latticelm-cache'), 'miss');
    await written(gateway);
    assert.equal((await ask(KEY_B)).headers.get('x-latticelm-cache'), 'miss', "another key does not see team-a's answer");
    await written(gateway);
    assert.equal((await ask(KEY_A)).headers.get('x-latticelm-cache'), 'hit');
    assert.equal((await ask(KEY_B)).headers.get('x-latticelm-cache'), 'hit');
    assert.equal((await ask(KEY_OUT)).headers.get('x-latticelm-cache'), 'bypass');
    await written(gateway);
    assert.equal((await ask(KEY_OUT)).headers.get('x-latticelm-cache'), 'bypass');
    assert.equal(upstreamCalls(since), 4);
  });

  it('shared: one answer for every key that opted in; a key that did not (cache_by_default: false) is bypassed', async () => {
    const since = fake.requests.length;
    const ask = (key: string, headers: Record<string, string> = {}) => postResponse(shared, { model: MODEL, input: 'Capital of Portugal?', store: false }, bearer(key, headers));
    assert.equal((await ask(KEY_A)).headers.get('x-latticelm-cache'), 'miss');
    await written(shared);
    assert.equal((await ask(KEY_B)).headers.get('x-latticelm-cache'), 'hit', 'shared across keys');
    assert.equal((await ask(KEY_IN)).headers.get('x-latticelm-cache'), 'bypass', 'not opted in');
    assert.equal((await ask(KEY_IN, { 'x-latticelm-cache': 'on' })).headers.get('x-latticelm-cache'), 'hit', 'a request may opt in itself');
    assert.equal(upstreamCalls(since), 2);
  });

  it('per request: off skips the cache, refresh calls the vendor and replaces the kept answer', async () => {
    const since = fake.requests.length;
    const before = await cacheCounts(gateway);
    fake.enqueue({ kind: 'text', text: 'Old answer.' }, { kind: 'text', text: 'Uncached answer.' }, { kind: 'text', text: 'New answer.' });
    const ask = async (header?: string) => {
      const res = await postResponse(gateway, { model: MODEL, input: 'What changed?', store: false }, bearer(KEY_A, header ? { 'x-latticelm-cache': header } : {}));
      const body = await res.json();
      await written(gateway);
      return { status: res.headers.get('x-latticelm-cache'), text: body.output[0].content[0].text as string };
    };
    assert.deepEqual(await ask(), { status: 'miss', text: 'Old answer.' });
    assert.deepEqual(await ask('off'), { status: 'bypass', text: 'Uncached answer.' });
    assert.deepEqual(await ask('ON'), { status: 'hit', text: 'Old answer.' }, 'off neither read nor wrote');
    assert.deepEqual(await ask('refresh'), { status: 'refresh', text: 'New answer.' });
    assert.deepEqual(await ask(), { status: 'hit', text: 'New answer.' });
    assert.equal(upstreamCalls(since), 3);
    const after = await cacheCounts(gateway);
    assert.deepEqual(
      Object.fromEntries(Object.keys(after).map((result) => [result, after[result] - before[result]])),
      { hit: 2, miss: 1, refresh: 1, bypass: 1 },
      'latticelm_response_cache_total by result',
    );
  });

  it('an answer expires after ttl by the cache clock', async () => {
    const cache = gateway.app.get(ResponseCache);
    const since = fake.requests.length;
    const ask = () => postResponse(gateway, { model: MODEL, input: 'Capital of Norway?', store: false }, bearer(KEY_A));
    let now = Date.now();
    cache.now = () => now;
    try {
      assert.equal((await ask()).headers.get('x-latticelm-cache'), 'miss');
      await written(gateway);
      now += 3_600_000 - 1;
      assert.equal((await ask()).headers.get('x-latticelm-cache'), 'hit', 'still within the default 1 h');
      now += 1;
      assert.equal((await ask()).headers.get('x-latticelm-cache'), 'miss', 'expired at ttl');
      assert.equal(upstreamCalls(since), 2);
    } finally {
      cache.now = () => Date.now();
    }
  });

  it('a hit with store: true is stored as a response of its own, which previous_response_id continues', async () => {
    const since = fake.requests.length;
    const client = sdk(gateway, KEY_A);
    fake.enqueue({ kind: 'text', text: 'Stockholm.' }, { kind: 'text', text: 'About 1 million.' });
    const first = await client.responses.create({ model: MODEL, input: 'Capital of Sweden?' });
    await written(gateway);
    const hit = await client.responses.create({ model: MODEL, input: 'Capital of Sweden?' }).withResponse();
    assert.equal(hit.response.headers.get('x-latticelm-cache'), 'hit');
    assert.equal((await client.responses.retrieve(hit.data.id)).output_text, 'Stockholm.');
    assert.notEqual(hit.data.id, first.id);
    const next = await client.responses.create({ model: MODEL, input: 'How many people live there?', previous_response_id: hit.data.id }).withResponse();
    assert.equal(next.response.headers.get('x-latticelm-cache'), 'miss', 'a continuation is a request of its own');
    assert.equal(next.data.output_text, 'About 1 million.');
    const sent = fake.requests.filter((request) => request.path === '/v1/responses').at(-1)!.body.input as { content: { text: string }[] }[];
    assert.deepEqual(sent.map((item) => item.content[0].text), ['Capital of Sweden?', 'Stockholm.', 'How many people live there?']);
    assert.equal(upstreamCalls(since), 2);
  });

  it('an incomplete answer is not kept', async () => {
    const since = fake.requests.length;
    fake.enqueue({ kind: 'text', text: 'Cut', finish: 'length' }, { kind: 'text', text: 'Cut', finish: 'length' });
    for (let i = 0; i < 2; i += 1) {
      const res = await postResponse(gateway, { model: MODEL, input: 'Write a long poem.', store: false }, bearer(KEY_A));
      assert.equal((await res.json()).status, 'incomplete');
      assert.equal(res.headers.get('x-latticelm-cache'), 'miss');
      await written(gateway);
    }
    assert.equal(upstreamCalls(since), 2);
  });

  it('Chat Completions and Messages go through the same cache, JSON and streamed', async () => {
    const since = fake.requests.length;
    fake.enqueue({ kind: 'text', text: 'Chat answer.' }, { kind: 'text', text: 'Messages answer.' });
    const client = sdk(gateway, KEY_A);
    const chat = { model: MODEL, messages: [{ role: 'user' as const, content: 'Say something.' }] };
    const miss = await client.chat.completions.create(chat).withResponse();
    await written(gateway);
    const hit = await client.chat.completions.create(chat).withResponse();
    assert.deepEqual([miss.response.headers.get('x-latticelm-cache'), hit.response.headers.get('x-latticelm-cache')], ['miss', 'hit']);
    assert.equal(hit.data.choices[0].message.content, 'Chat answer.');
    let streamedText = '';
    for await (const chunk of await client.chat.completions.create({ ...chat, stream: true })) streamedText += chunk.choices[0]?.delta.content ?? '';
    assert.equal(streamedText, 'Chat answer.');

    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: KEY_A, maxRetries: 0 });
    const message = { model: MODEL, max_tokens: 64, messages: [{ role: 'user' as const, content: 'Say something else.' }] };
    await anthropic.messages.create(message);
    await written(gateway);
    const cached = await anthropic.messages.create(message).withResponse();
    assert.equal(cached.response.headers.get('x-latticelm-cache'), 'hit');
    assert.deepEqual(cached.data.content.map((block) => (block.type === 'text' ? block.text : block.type)), ['Messages answer.']);
    const streamed = await anthropic.messages.stream(message).finalMessage();
    assert.equal(streamed.content[0].type === 'text' ? streamed.content[0].text : '', 'Messages answer.');
    assert.equal(upstreamCalls(since), 2);
  });

  it('WebSocket mode: a turn is answered from the cache; the connection header decides for every turn on it', async () => {
    const since = fake.requests.length;
    fake.enqueue({ kind: 'text', text: 'Over the socket.' });
    const turn = { model: MODEL, input: 'Asked over a socket?', store: false };
    const socket = await ResponsesSocket.open(gateway.url, bearer(KEY_A));
    const refusing = await ResponsesSocket.open(gateway.url, bearer(KEY_A, { 'x-latticelm-cache': 'off' }));
    try {
      socket.create(turn);
      const miss = await socket.turn();
      await written(gateway);
      socket.create(turn);
      const hit = await socket.turn();
      assert.equal(hit.at(-1)!.type, 'response.completed');
      assert.equal(hit.at(-1)!.response.cost_usd, 0);
      assert.notEqual(hit.at(-1)!.response.id, miss.at(-1)!.response.id);
      assert.equal(hit.at(-1)!.response.output[0].content[0].text, 'Over the socket.');
      assert.equal(upstreamCalls(since), 1);
      refusing.create(turn);
      assert.equal((await refusing.turn()).at(-1)!.type, 'response.completed');
      assert.equal(upstreamCalls(since), 2, 'x-latticelm-cache: off on the upgrade keeps its turns out');
    } finally {
      socket.close();
      refusing.close();
    }
    const refused = await ResponsesSocket.refusal(gateway.url, bearer(KEY_A, { 'x-latticelm-cache': 'maybe' }));
    assert.equal(refused.status, 400);
  });

  it('a bad x-latticelm-cache header is a 400 naming it', async () => {
    const res = await postResponse(gateway, { model: MODEL }, bearer(KEY_A, { 'x-latticelm-cache': 'sometimes' }));
    assert.equal(res.status, 400);
    const body = await res.json();
    assertValidError(body);
    assert.equal(body.error.param, 'x-latticelm-cache');
  });
});

describe('response cache off (the default)', () => {
  it('is not on the path: no cache in front of the invoker, no header, the request header ignored', async () => {
    await fake.start();
    const gateway = await startGateway({ providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1` } }, models: [{ name: MODEL, provider: 'openai' }] });
    try {
      assert.ok(gateway.app.get(ProviderInvoker) instanceof ResilientProviderInvoker, 'the invoker is not wrapped');
      const res = await postResponse(gateway, { model: MODEL, store: false }, { 'x-latticelm-cache': 'on' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-latticelm-cache'), null);
    } finally {
      await gateway.close();
      await fake.stop();
    }
  });
});

