import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { RunningGateway, postResponse } from '../support/gateway-harness';
import { ThreeVendors } from '../support/three-vendors';
import { assertValidError, assertValidResponse } from '../support/spec-assertions';

/**
 * The spec's ItemReferenceParam, the way the Vercel AI SDK uses it with `store` on: the next turn sends the whole
 * history, with the earlier answer as `{type: 'item_reference', id}`; the gateway reads it from its store.
 */
describe('item_reference input items', () => {
  const vendors = new ThreeVendors();
  const { openai, anthropic, gemini } = vendors;
  let gateway: RunningGateway;

  before(async () => {
    gateway = await vendors.start();
  });
  after(() => vendors.stop());
  beforeEach(() => {
    vendors.reset();
  });

  const upstreams = { gpt: openai, claude: anthropic, gemini } as const;

  for (const model of ['gpt', 'claude', 'gemini'] as const) {
    it(`resolves an earlier answer by id from the store on ${model}`, async () => {
      const upstream = upstreams[model];
      upstream.enqueue({ kind: 'text', text: 'Paris is the capital of France.' });
      const first = await postResponse(gateway, { model, input: 'Capital of France?', store: true });
      const firstBody = await first.json();
      const answer = firstBody.output.find((item: { type: string }) => item.type === 'message');
      assert.ok(answer, 'an answer message');

      upstream.enqueue({ kind: 'text', text: 'About two million.' });
      const second = await postResponse(gateway, {
        model,
        store: true,
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'Capital of France?' }] },
          { type: 'item_reference', id: answer.id },
          { role: 'user', content: [{ type: 'input_text', text: 'Its population?' }] },
        ],
      });
      assert.equal(second.status, 200, await second.clone().text());
      assertValidResponse(await second.json());
      const sent = JSON.stringify(upstream.requests[1].body);
      assert.ok(sent.includes('Paris is the capital of France.'), `the referenced answer reaches the vendor: ${sent}`);
      assert.ok(!sent.includes('item_reference'), 'no reference reaches the vendor');
    });
  }

  it('refuses an unknown id, or one of a response stored with store: false, naming input[i].id', async () => {
    openai.enqueue({ kind: 'text', text: 'not stored' });
    const unstored = await (await postResponse(gateway, { model: 'gpt', store: false })).json();
    for (const id of ['msg_doesnotexist', unstored.output[0].id]) {
      const response = await postResponse(gateway, { model: 'gpt', input: [{ role: 'user', content: 'hi' }, { type: 'item_reference', id }] });
      assert.equal(response.status, 400);
      const error = await response.json();
      assertValidError(error);
      assert.equal(error.error.param, 'input[1].id');
      assert.equal(error.error.code, 'item_not_found');
    }
    assert.equal(openai.requests.length, 1);
  });

  it('requires the id', async () => {
    const response = await postResponse(gateway, { model: 'gpt', input: [{ type: 'item_reference' }] });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error.param, 'input[0].id');
  });
});
