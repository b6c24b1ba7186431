import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { gatewayClient, postResponse } from '../support/gateway-harness';
import { openResponsesSchema } from '../support/spec-assertions';
import { ThreeVendors } from '../support/three-vendors';

const conversation: ResponseInputItem[] = [
  { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Remember the compaction code word: slate.' }] },
  { type: 'message', role: 'assistant', content: 'OK.' },
  { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Compress this conversation for later continuation.' }] },
];

function assertValidCompaction(body: unknown): void {
  const check = openResponsesSchema().check('CompactResource', body);
  assert.ok(check.valid, `CompactResource invalid:\n${check.errors.join('\n')}\n${JSON.stringify(body)}`);
}

/** POST /v1/responses/compact through the openai SDK's responses.compact, on every kind of provider. */
describe('POST /v1/responses/compact', () => {
  const vendors = new ThreeVendors();

  before(async () => {
    await vendors.start();
  });
  after(() => vendors.stop());
  beforeEach(() => vendors.reset());

  it('on Anthropic, compacts with the same model into the user messages and one compaction item; the chain continues on Gemini', async () => {
    vendors.anthropic.enqueue({ kind: 'text', text: 'The user set the code word slate.' });
    const client = gatewayClient(vendors.gateway);
    const compacted = await client.responses.compact({ model: 'claude', input: conversation });
    assertValidCompaction(compacted);
    assert.equal(compacted.object, 'response.compaction');
    assert.deepEqual(compacted.output.map((item) => item.type), ['message', 'message', 'compaction']);
    assert.equal(compacted.usage.input_tokens, 12, "the summarizing call's usage");
    const [summarizing] = vendors.anthropic.requests;
    assert.equal(summarizing.body.model, 'claude-sonnet-4-6', 'the same model summarizes');
    assert.match(JSON.stringify(summarizing.body.system), /compact conversations/);
    assert.equal(summarizing.body.tools, undefined, 'the transcript needs no tools');
    assert.match(JSON.stringify(summarizing.body.messages), /user: Remember the compaction code word: slate\.\\n\\nassistant: OK\./);

    const next = await client.responses.create({
      model: 'gemini',
      input: [...(compacted.output as ResponseInputItem[]), { role: 'user', content: 'What was the code word?' }],
    });
    assert.equal(next.status, 'completed');
    const sent = JSON.stringify(vendors.gemini.requests.at(-1)?.body.contents);
    assert.match(sent, /Summary of the earlier conversation[^"]*The user set the code word slate\./);
    assert.doesNotMatch(sent, /latticelm\.compaction/, "the gateway's item reaches no vendor as such");
  });

  it('on OpenAI, asks the vendor’s own /responses/compact and passes its encrypted item back on the next turn', async () => {
    const client = gatewayClient(vendors.gateway);
    const compacted = await client.responses.compact({ model: 'gpt', input: conversation, prompt_cache_key: 'k' });
    assertValidCompaction(compacted);
    const call = vendors.openai.requests.at(-1);
    assert.equal(call?.path, '/v1/responses/compact');
    assert.equal(call?.body.model, 'gpt-5');
    assert.equal(call?.body.prompt_cache_key, 'k');
    const item = compacted.output.at(-1) as { type: string; encrypted_content: string };
    assert.deepEqual([item.type, item.encrypted_content], ['compaction', 'ENCRYPTED-compaction-fake1']);

    await client.responses.create({ model: 'gpt', input: [...(compacted.output as ResponseInputItem[]), { role: 'user', content: 'Go on.' }] });
    const sent = vendors.openai.requests.at(-1)?.body.input as { type: string; encrypted_content?: string }[];
    assert.deepEqual(sent.find((entry) => entry.type === 'compaction'), { type: 'compaction', id: 'cmp_fake1', encrypted_content: 'ENCRYPTED-compaction-fake1' });

    // OpenAI's window is encrypted with OpenAI's keys: Claude cannot read it, and the client is told which item.
    const refused = await postResponse(vendors.gateway, { model: 'claude', input: [...compacted.output, { role: 'user', content: 'Go on.' }] });
    assert.equal(refused.status, 400);
    const body = await refused.json();
    assert.equal(body.error.param, `input[${compacted.output.length - 1}].encrypted_content`);
    assert.equal(body.error.code, 'unsupported_parameter');
  });

  it('compacts a stored chain named by previous_response_id', async () => {
    const client = gatewayClient(vendors.gateway);
    const first = await client.responses.create({ model: 'gemini', input: 'My name is Ada.' });
    vendors.gemini.enqueue({ kind: 'text', text: 'The user is Ada.' });
    const compacted = await client.responses.compact({ model: 'gemini', previous_response_id: first.id, input: [{ role: 'user', content: 'Compact.' }] });
    assertValidCompaction(compacted);
    assert.match(JSON.stringify(vendors.gemini.requests.at(-1)?.body.contents), /user: My name is Ada\.\\n\\nassistant: Hello from the fake upstream\.\\n\\nuser: Compact\./);
    assert.equal(compacted.output.filter((item) => item.type === 'message').length, 2, 'both user messages are kept');
  });

  it('refuses a request without a model, naming the field', async () => {
    const res = await fetch(`${vendors.gateway.url}/v1/responses/compact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'Compact this conversation.' }),
    });
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.error.param, 'model');
  });
});
