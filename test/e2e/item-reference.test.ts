import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { FakeAnthropic } from '../fakes/fake-anthropic';
import { FakeGemini } from '../fakes/fake-gemini';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, postResponse, startGateway } from '../support/gateway-harness';
import { assertValidError, assertValidResponse } from '../support/spec-assertions';

/**
 * The spec's ItemReferenceParam, the way the Vercel AI SDK uses it with `store` on: the next turn sends the whole
 * history, with the earlier answer as `{type: 'item_reference', id}`; the gateway reads it from its store.
 */
describe('item_reference input items', () => {
  const openai = new FakeOpenAI('openai', 'sk-openai');
  const anthropic = new FakeAnthropic('anthropic', 'sk-ant');
  const gemini = new FakeGemini('gemini', 'AIza-test');
  let gateway: RunningGateway;

  before(async () => {
    await Promise.all([openai.start(), anthropic.start(), gemini.start()]);
    gateway = await startGateway({
      providers: {
        openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1`, max_retries: 0 },
        anthropic: { type: 'anthropic', api_key: 'sk-ant', endpoint: anthropic.url, max_retries: 0 },
        google: { type: 'google', api_key: 'AIza-test', endpoint: gemini.url, max_retries: 0 },
      },
      models: [
        { name: 'gpt', provider: 'openai', provider_model_id: 'gpt-5' },
        { name: 'claude', provider: 'anthropic', provider_model_id: 'claude-sonnet-4-6' },
        { name: 'gemini', provider: 'google', provider_model_id: 'gemini-2.5-flash' },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await Promise.all([openai.stop(), anthropic.stop(), gemini.stop()]);
  });
  beforeEach(() => {
    openai.reset();
    anthropic.reset();
    gemini.reset();
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
