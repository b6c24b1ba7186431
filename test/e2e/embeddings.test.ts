import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { PROVIDER_FIXTURES } from '../contract/fixtures';
import type { FakeUpstream, RecordedRequest } from '../fakes/fake-upstream';
import { fakeEmbedding } from '../fakes/scenario';
import { RunningGateway, gatewayClient, startGateway } from '../support/gateway-harness';

/** How each vendor's embeddings call looks on the wire, read back from what its fake received. */
interface EmbeddingVendor {
  provider: string;
  /** what the client asks the gateway for */
  model: string;
  /** inputs per vendor call */
  batchLimit: number;
  /** usage.prompt_tokens for inputs ['one two', 'three'] */
  promptTokens: number;
  calls(fake: FakeUpstream): RecordedRequest[];
  /** the inputs of one vendor call */
  inputs(request: RecordedRequest): unknown[];
  dimensions(request: RecordedRequest): unknown;
}

const openAIShape = (provider: string, model: string, path: RegExp): EmbeddingVendor => ({
  provider,
  model,
  batchLimit: 2048,
  promptTokens: 3,
  calls: (fake) => fake.requests.filter((request) => path.test(request.path)),
  inputs: (request) => request.body.input,
  dimensions: (request) => request.body.dimensions,
});

const VENDORS: EmbeddingVendor[] = [
  // routed by prefix: text-embedding- → OpenAI
  openAIShape('openai', 'text-embedding-3-small', /^\/v1\/embeddings$/),
  openAIShape('azureopenai', 'azure-embed', /^\/openai\/deployments\/embed-deployment\/embeddings$/),
  {
    // routed by prefix: gemini- → Google; the Gemini API reports no token counts
    provider: 'google',
    model: 'gemini-embedding-001',
    batchLimit: 100,
    promptTokens: 0,
    calls: (fake) => fake.requests.filter((request) => request.path === '/v1beta/models/gemini-embedding-001:batchEmbedContents'),
    inputs: (request) => request.body.requests.map((entry: any) => entry.content.parts[0].text),
    dimensions: (request) => request.body.requests[0].outputDimensionality,
  },
  {
    provider: 'vertexai',
    model: 'vertex-embed',
    batchLimit: 250,
    promptTokens: 3,
    calls: (fake) => fake.requests.filter((request) => request.path.endsWith('/publishers/google/models/text-embedding-005:predict')),
    inputs: (request) => request.body.instances.map((instance: any) => instance.content),
    dimensions: (request) => request.body.parameters?.outputDimensionality,
  },
];

/** POST /v1/embeddings through the official `openai` SDK's embeddings.create, on the four providers that have them. */
describe('POST /v1/embeddings', () => {
  const fakes = new Map<string, FakeUpstream>(PROVIDER_FIXTURES.map((fixture) => [fixture.name, fixture.createFake()]));
  let gateway: RunningGateway;
  let client: OpenAI;
  const fake = (provider: string) => fakes.get(provider)!;

  before(async () => {
    await Promise.all([...fakes.values()].map((upstream) => upstream.start()));
    gateway = await startGateway({
      providers: Object.fromEntries(PROVIDER_FIXTURES.map((fixture) => [fixture.name, { ...fixture.providerConfig(fake(fixture.name).url), max_retries: 0 }])),
      models: [
        { name: 'azure-embed', provider: 'azureopenai', provider_model_id: 'embed-deployment' },
        { name: 'vertex-embed', provider: 'vertexai', provider_model_id: 'text-embedding-005' },
        { name: 'vertex-gemini-embed', provider: 'vertexai', provider_model_id: 'gemini-embedding-001' },
        { name: 'gemini-embed', provider: 'google', provider_model_id: 'gemini-embedding-001' },
        { name: 'flaky-embed', provider: 'openai', provider_model_id: 'text-embedding-3-large', fallbacks: ['gemini-embed'] },
        { name: 'azure-claude', provider: 'azureanthropic', provider_model_id: 'claude-sonnet-4-6' },
      ],
    });
    client = gatewayClient(gateway);
  });
  after(async () => {
    await gateway?.close();
    await Promise.all([...fakes.values()].map((upstream) => upstream.stop()));
  });
  beforeEach(() => {
    for (const upstream of fakes.values()) upstream.reset();
  });

  for (const vendor of VENDORS) {
    describe(vendor.provider, () => {
      it('embeds an array of strings as floats with `dimensions`, usage from the vendor', async () => {
        const answer = await client.embeddings.create({ model: vendor.model, input: ['one two', 'three'], encoding_format: 'float', dimensions: 8 });
        assert.equal(answer.object, 'list');
        assert.equal(answer.model, vendor.model);
        assert.deepEqual(
          answer.data.map((item) => [item.object, item.index, item.embedding]),
          [
            ['embedding', 0, fakeEmbedding('one two', 8)],
            ['embedding', 1, fakeEmbedding('three', 8)],
          ],
        );
        assert.deepEqual(answer.usage, { prompt_tokens: vendor.promptTokens, total_tokens: vendor.promptTokens });
        const [call] = vendor.calls(fake(vendor.provider));
        assert.deepEqual(vendor.inputs(call), ['one two', 'three']);
        assert.equal(vendor.dimensions(call), 8);
      });

      it('answers base64 (little-endian float32) when asked, and the SDK default (base64, decoded by the SDK) reads the same vectors', async () => {
        const raw = await client.embeddings.create({ model: vendor.model, input: 'hello world', encoding_format: 'base64' });
        const encoded = raw.data[0].embedding;
        assert.equal(typeof encoded, 'string');
        const bytes = Buffer.from(encoded, 'base64');
        const decoded = Array.from({ length: bytes.length / 4 }, (_, index) => bytes.readFloatLE(index * 4));
        assert.deepEqual(decoded, fakeEmbedding('hello world'));
        const byDefault = await client.embeddings.create({ model: vendor.model, input: 'hello world' });
        assert.deepEqual(byDefault.data[0].embedding, fakeEmbedding('hello world'));
      });

      it('splits a batch larger than one vendor call and reassembles the vectors in order', async () => {
        const input = Array.from({ length: vendor.batchLimit + 1 }, (_, index) => `text ${index}`);
        const answer = await client.embeddings.create({ model: vendor.model, input, encoding_format: 'float' });
        assert.equal(answer.data.length, input.length);
        assert.deepEqual(answer.data.map((item) => item.index), input.map((_, index) => index));
        assert.deepEqual(answer.data.at(-1)?.embedding, fakeEmbedding(input.at(-1)!));
        assert.deepEqual(answer.data[0].embedding, fakeEmbedding(input[0]));
        const calls = vendor.calls(fake(vendor.provider));
        assert.deepEqual(calls.map((call) => vendor.inputs(call).length), [vendor.batchLimit, 1]);
      });
    });
  }

  it('sends gemini-embedding-001 on Vertex AI one input per call, as the vendor requires', async () => {
    const answer = await client.embeddings.create({ model: 'vertex-gemini-embed', input: ['a', 'b', 'c'], encoding_format: 'float' });
    assert.deepEqual(answer.data.map((item) => item.embedding), ['a', 'b', 'c'].map((text) => fakeEmbedding(text)));
    assert.equal(fake('vertexai').requests.filter((request) => request.path.endsWith('gemini-embedding-001:predict')).length, 3);
    assert.equal(answer.usage.prompt_tokens, 3);
  });

  it('passes token arrays and `user` to OpenAI; a provider without token input refuses them naming `input`', async () => {
    const answer = await client.embeddings.create({ model: 'text-embedding-3-small', input: [[1, 2, 3], [4]], user: 'u-1', encoding_format: 'float' });
    assert.deepEqual(answer.data[1].embedding, fakeEmbedding([4]));
    const sent = fake('openai').requests.at(-1)?.body;
    assert.deepEqual([sent.input, sent.user], [[[1, 2, 3], [4]], 'u-1']);
    await assert.rejects(client.embeddings.create({ model: 'gemini-embedding-001', input: [1, 2, 3] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal((error.error as { param: string }).param, 'input');
      return true;
    });
  });

  for (const [model, provider] of [
    ['claude-sonnet-4-6', 'anthropic'],
    ['azure-claude', 'azureanthropic'],
  ]) {
    it(`answers 400 naming ${provider}, which has no embeddings`, async () => {
      await assert.rejects(client.embeddings.create({ model, input: 'hi' }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError);
        assert.equal((error.error as { param: string }).param, 'model');
        assert.match(error.message, new RegExp(`provider '${provider}'`));
        return true;
      });
      assert.equal(fake(provider).requests.length, 0);
    });
  }

  it('refuses bad fields with a 400 naming them, in OpenAI’s error shape', async () => {
    for (const [body, param] of [
      [{ model: 'text-embedding-3-small', input: 'x', encoding_format: 'int8' }, 'encoding_format'],
      [{ model: 'text-embedding-3-small', input: 'x', dimensions: 0 }, 'dimensions'],
      [{ model: 'text-embedding-3-small', input: ['x', ''] }, 'input[1]'],
      [{ model: 'text-embedding-3-small', input: 'x', truncate: true }, 'truncate'],
      [{ input: 'x' }, 'model'],
    ] as const) {
      const response = await fetch(`${gateway.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(response.status, 400, JSON.stringify(body));
      const { error } = (await response.json()) as { error: Record<string, unknown> };
      assert.deepEqual(Object.keys(error).sort(), ['code', 'message', 'param', 'type']);
      assert.equal(error.param, param);
    }
  });

  it('maps a vendor error like the responses path, and falls back to another model before any call succeeded', async () => {
    fake('openai').enqueue({ kind: 'error', status: 400, message: 'This model does not support specifying dimensions.' });
    await assert.rejects(client.embeddings.create({ model: 'text-embedding-3-small', input: 'x', dimensions: 3 }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.match(error.message, /openai: This model does not support specifying dimensions\./);
      return true;
    });
    fake('openai').enqueue({ kind: 'error', status: 500, message: 'boom' });
    const answer = await client.embeddings.create({ model: 'flaky-embed', input: 'x', encoding_format: 'float' });
    assert.equal(answer.model, 'gemini-embed', 'the fallback served it');
    assert.deepEqual(answer.data[0].embedding, fakeEmbedding('x'));
  });

  it('never mixes two models in one answer: a failure after the first vendor call is the client’s error', async () => {
    const input = Array.from({ length: 2049 }, (_, index) => `t${index}`);
    fake('openai').enqueue({ kind: 'text', text: 'unused' }, { kind: 'error', status: 500, message: 'second call broke' });
    await assert.rejects(client.embeddings.create({ model: 'flaky-embed', input }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 502);
      return true;
    });
    assert.equal(fake('google').requests.length, 0, 'no fallback after a served batch');
  });
});
