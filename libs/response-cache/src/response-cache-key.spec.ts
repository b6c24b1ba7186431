import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConversationItem, normalizeRequest } from '@latticelm/api';
import { canonicalJson } from './canonical-json';
import { FIELDS_OUTSIDE_KEY, responseCacheKey } from './response-cache-key';

const MODEL: Parameters<typeof responseCacheKey>[2] = { model: 'gpt-4o-mini', provider: { name: 'openai' }, providerModelId: 'gpt-4o-mini', unsupportedParameters: 'reject' };
const BASE = { model: 'gpt-4o-mini', input: 'What is the capital of France?', instructions: 'Be brief.', temperature: 0 };

/** What the invoker is handed for a body: the normalized request without its routing fields (as ResponsesService builds it). */
function requestOf(body: Record<string, unknown>, history: ConversationItem[] = []) {
  const { model: _model, provider: _provider, previousResponseId: _previous, input, ...rest } = normalizeRequest({ ...BASE, ...body });
  return { ...rest, input: [...history, ...(input as ConversationItem[])] };
}

const keyOf = (body: Record<string, unknown> = {}, model = MODEL, partition = 'key:k1', history: ConversationItem[] = []) => responseCacheKey('p:', partition, model, requestOf(body, history));

describe('response cache key', () => {
  it('is the prefix and a SHA-256 digest, the same for the same request although its items got fresh ids', () => {
    const first = keyOf();
    assert.match(first, /^p:[0-9a-f]{64}$/);
    assert.notEqual(requestOf({}).input[0].id, requestOf({}).input[0].id, 'the normalizer gives each request new item ids');
    assert.equal(keyOf(), first);
  });

  it('does not change with the fields that cannot change the answer', () => {
    const base = keyOf();
    const same: Record<string, unknown>[] = [
      { stream: true },
      { stream: true, stream_options: { include_obfuscation: false } },
      { store: false },
      { metadata: { team: 'search' } },
      { user: 'user-1' },
      { safety_identifier: 'hash-1' },
      { prompt_cache_key: 'conversation-7' },
      { prompt_cache_retention: '24h' },
    ];
    for (const body of same) assert.equal(keyOf(body), base, JSON.stringify(body));
  });

  it('changes with every field that can change the answer', () => {
    const base = keyOf();
    const tool = { type: 'function', name: 'lookup', description: 'Look a city up', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
    const different: Record<string, unknown>[] = [
      { input: 'What is the capital of Spain?' },
      { input: [{ role: 'user', content: 'What is the capital of France?' }, { role: 'user', content: 'And of Spain?' }] },
      { instructions: 'Be thorough.' },
      { instructions: undefined },
      { temperature: 1 },
      { top_p: 0.5 },
      { presence_penalty: 1 },
      { frequency_penalty: 1 },
      { max_output_tokens: 64 },
      { max_tool_calls: 2, tools: [tool] },
      { tools: [tool] },
      { tools: [tool], tool_choice: 'required' },
      { tools: [tool], parallel_tool_calls: false },
      { text: { format: { type: 'json_object' } } },
      { text: { verbosity: 'low' } },
      { reasoning: { effort: 'high' } },
      { include: ['reasoning.encrypted_content'] },
      { truncation: 'auto' },
      { service_tier: 'flex' },
    ];
    const keys = new Set([base]);
    for (const body of different) {
      const key = keyOf(body);
      assert.notEqual(key, base, JSON.stringify(body));
      keys.add(key);
    }
    assert.equal(keys.size, different.length + 1, 'each change gives a key of its own');
  });

  it('changes with the model as routed: its name, provider, vendor id, output cap and parameter policy', () => {
    const base = keyOf();
    for (const model of [
      { ...MODEL, model: 'fast' },
      { ...MODEL, provider: { name: 'azure' } },
      { ...MODEL, providerModelId: 'gpt-4o-mini-2024-07-18' },
      { ...MODEL, maxOutputTokens: 256 },
      { ...MODEL, unsupportedParameters: 'drop' as const },
    ]) {
      assert.notEqual(keyOf({}, model), base, JSON.stringify(model));
    }
  });

  it('includes the history a previous_response_id rebuilt, and is partitioned', () => {
    const history: ConversationItem[] = [
      { type: 'message', id: 'msg_1', status: 'completed', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
      { type: 'message', id: 'msg_2', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello!', annotations: [] }] },
    ];
    assert.notEqual(keyOf({}, MODEL, 'key:k1', history), keyOf());
    const sameHistoryOtherIds = history.map((item, index) => ({ ...item, id: `msg_other${index}` }));
    assert.equal(keyOf({}, MODEL, 'key:k1', sameHistoryOtherIds), keyOf({}, MODEL, 'key:k1', history), 'item ids are not part of the key');
    assert.notEqual(keyOf({}, MODEL, 'key:k2'), keyOf(), 'another API key');
    assert.notEqual(keyOf({}, MODEL, 'shared'), keyOf());
  });

  it('does not depend on the order object keys were written in', () => {
    const a = { type: 'function', name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } } } };
    const b = { parameters: { properties: { b: { type: 'number' }, a: { type: 'string' } }, type: 'object' }, name: 'f', type: 'function' };
    assert.equal(keyOf({ tools: [a] }), keyOf({ tools: [b] }));
  });

  it('leaves out only fields a request actually has', () => {
    const fields = new Set(Object.keys(requestOf({ stream: true, store: true, metadata: { a: 'b' }, user: 'u', safety_identifier: 's', prompt_cache_key: 'k', prompt_cache_retention: '24h' })));
    for (const name of FIELDS_OUTSIDE_KEY) if (name !== 'onDroppedParameters' && name !== 'stopSequencesParam') assert.ok(fields.has(name), `${name} is a request field`);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order and drops undefined and functions as JSON does', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, undefined, 1], c: 'x' }, e: undefined, f: () => 1 }), '{"a":{"c":"x","d":[3,null,1]},"b":1}');
    assert.equal(canonicalJson('text'), '"text"');
    assert.equal(canonicalJson(null), 'null');
  });
});
