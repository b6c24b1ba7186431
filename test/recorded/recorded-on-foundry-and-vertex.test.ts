import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { azureAnthropicFixture } from '../contract/fixtures/anthropic.fixture';
import { vertexAIFixture } from '../contract/fixtures/google.fixture';
import type { FakeUpstream } from '../fakes/fake-upstream';
import { RunningGateway, gatewayClient, startGateway } from '../support/gateway-harness';
import { assertValidResponse } from '../support/spec-assertions';
import { recordedBody, recordedJson } from './recordings';

/**
 * The Anthropic and Gemini recordings again, through the two providers that reach the same vendors another way:
 * Azure Anthropic (Microsoft Foundry's Messages endpoint) and Vertex AI (its own paths and OAuth). The bytes are
 * the vendors'; what differs is the route, the auth and the SDK's client options.
 */
describe('recorded vendor answers through Azure Anthropic and Vertex AI', () => {
  const fixtures = [azureAnthropicFixture, vertexAIFixture];
  const fakes: FakeUpstream[] = fixtures.map((fixture) => fixture.createFake());
  let gateway: RunningGateway;
  let client: OpenAI;

  before(async () => {
    await Promise.all(fakes.map((fake) => fake.start()));
    gateway = await startGateway({
      providers: Object.fromEntries(fixtures.map((fixture, index) => [fixture.name, { ...fixture.providerConfig(fakes[index].url), max_retries: 0 }])),
      models: fixtures.map((fixture) => ({ name: fixture.model, provider: fixture.name, provider_model_id: fixture.providerModelId ?? fixture.model })),
    });
    client = gatewayClient(gateway);
  });
  after(async () => {
    await gateway.close();
    await Promise.all(fakes.map((fake) => fake.stop()));
  });

  it('keeps a recorded Claude thinking block and its signature on Azure Anthropic, and sends both back', async () => {
    const [foundry] = fakes;
    const [thinking, text] = recordedJson('anthropic/anthropic-clear-thinking.1.json').content;
    foundry.enqueue(recordedBody('anthropic/anthropic-clear-thinking.1.json'), { kind: 'text', text: 'ok' });
    const first = await client.responses.create({ model: azureAnthropicFixture.model, input: '925 / 5?', reasoning: { effort: 'low' } });
    assertValidResponse(first);
    assert.equal(first.output_text, text.text);
    await client.responses.create({ model: azureAnthropicFixture.model, input: 'again?', previous_response_id: first.id, reasoning: { effort: 'low' } });
    const generations = azureAnthropicFixture.generationRequests(foundry);
    assert.deepEqual(generations[1].body.messages[1].content[0], { type: 'thinking', thinking: thinking.thinking, signature: thinking.signature });
  });

  it('keeps a recorded Gemini text-part signature on Vertex AI, and sends it back on that part', async () => {
    const vertex = fakes[1];
    const [part] = recordedJson('google/google-text.json').candidates[0].content.parts;
    vertex.enqueue(recordedBody('google/google-text.json'), { kind: 'text', text: 'ok' });
    const first = await client.responses.create({ model: vertexAIFixture.model, input: "How many r's in strawberry?" });
    assertValidResponse(first);
    assert.equal(first.output_text, part.text);
    await client.responses.create({ model: vertexAIFixture.model, input: 'Sure?', previous_response_id: first.id });
    const generations = vertexAIFixture.generationRequests(vertex);
    assert.deepEqual(generations[1].body.contents[1], { role: 'model', parts: [{ text: part.text, thoughtSignature: part.thoughtSignature }] });
  });
});
