import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { FakeAnthropic } from '../fakes/fake-anthropic';
import { FakeGemini } from '../fakes/fake-gemini';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { anthropicTranscript, geminiTranscript, openAITranscript } from './transcripts';

describe('one conversation across providers (gpt- → claude- → gemini-)', () => {
  const openai = new FakeOpenAI('openai', 'sk-openai');
  const anthropic = new FakeAnthropic('anthropic', 'sk-ant');
  const gemini = new FakeGemini('gemini', 'g-key');
  let gateway: RunningGateway;

  before(async () => {
    await Promise.all([openai.start(), anthropic.start(), gemini.start()]);
    gateway = await startGateway({
      providers: {
        openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1` },
        anthropic: { type: 'anthropic', api_key: 'sk-ant', endpoint: anthropic.url },
        google: { type: 'google', api_key: 'g-key', endpoint: gemini.url, max_retries: 0 },
      },
      models: [
        { name: 'gpt-4o-mini', provider: 'openai' },
        { name: 'claude-sonnet-4-6', provider: 'anthropic' },
        { name: 'gemini-2.5-flash', provider: 'google' },
      ],
    });
  });
  after(async () => {
    await gateway.close();
    await Promise.all([openai.stop(), anthropic.stop(), gemini.stop()]);
  });

  it('carries the stored history to each next vendor in its own wire format, without earlier instructions', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    openai.enqueue({ kind: 'text', text: 'Paris.' });
    anthropic.enqueue({ kind: 'text', text: 'About 2.1 million.' });
    gemini.enqueue({ kind: 'text', text: 'The Seine.' });

    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'Capital of France?', instructions: 'Answer in one line.' });
    const second = await client.responses.create({ model: 'claude-sonnet-4-6', input: 'Population?', previous_response_id: first.id });
    const third = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Its river?', previous_response_id: second.id });
    assert.equal(third.output_text, 'The Seine.');
    assert.equal((third as unknown as { provider: string }).provider, 'google');

    assert.deepEqual(openAITranscript(openai.requests[0].body.input), ['user:Capital of France?']);
    const claude = anthropic.requests[0].body;
    assert.deepEqual(anthropicTranscript(claude), ['user:Capital of France?', 'assistant:Paris.', 'user:Population?']);
    assert.equal(claude.system, undefined, 'the first turn’s instructions stay with the first turn');
    const geminiBody = gemini.requests.find((request) => /:generateContent$/.test(request.path))?.body;
    assert.ok(geminiBody);
    assert.deepEqual(geminiTranscript(geminiBody), [
      'user:Capital of France?',
      'assistant:Paris.',
      'user:Population?',
      'assistant:About 2.1 million.',
      'user:Its river?',
    ]);
    assert.equal(geminiBody.systemInstruction, undefined);
  });
  it("keeps each vendor's reasoning state for that vendor only (gpt reasoning → claude → gpt)", async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
    openai.reset();
    anthropic.reset();
    openai.enqueue({ kind: 'text', text: 'Let me think: 4.', reasoning: 'two plus two' }, { kind: 'text', text: 'Yes.' });
    anthropic.enqueue({ kind: 'text', text: 'Four, indeed.' });

    const first = await client.responses.create({ model: 'gpt-4o-mini', input: '2+2?', reasoning: { effort: 'low' } });
    assert.deepEqual(openai.requests[0].body.include, ['reasoning.encrypted_content'], 'asked for, since the vendor stores nothing');
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    assert.ok(reasoning && reasoning.type === 'reasoning' && reasoning.encrypted_content, 'the reasoning item carries the state');

    const second = await client.responses.create({ model: 'claude-sonnet-4-6', input: 'Sure?', previous_response_id: first.id });
    const claudeBlocks = JSON.stringify(anthropic.requests[0].body.messages);
    assert.ok(!claudeBlocks.includes('ENCRYPTED-rs_fake1') && !claudeBlocks.includes('"thinking"'), 'no OpenAI state reaches Anthropic');

    await client.responses.create({ model: 'gpt-4o-mini', input: 'Thanks', previous_response_id: second.id });
    const replayed = (openai.requests[1].body.input as { type: string }[]).filter((item) => item.type === 'reasoning');
    assert.deepEqual(replayed, [{ type: 'reasoning', id: 'rs_fake1', summary: [], encrypted_content: 'ENCRYPTED-rs_fake1' }]);
  });
});
