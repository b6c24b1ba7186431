import type { ConversationItem } from '@latticelm/api';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, normalizeRequest } from '@latticelm/api';
import type { ProviderConfig } from '@latticelm/config';
import type { ProviderRequest } from '../provider';
import type { ProviderEvent } from '../provider-event';
import { vertexAIProviderFactory } from '../vertex-ai/vertex-ai.provider';
import { googleProviderFactory } from './google.provider';

/** The real SDK, fed Google-shaped bytes by an injected fetch: what it calls and how its parser's output converts. */
function config(overrides: Partial<ProviderConfig>): ProviderConfig {
  return {
    name: 'google',
    type: 'google',
    apiKey: 'k-123',
    endpoint: 'http://gemini.test',
    requestTimeoutMs: 60_000,
    streamIdleTimeoutMs: 60_000,
    maxRetries: 0,
    defaultMaxTokens: 4096,
    unsupportedParameters: 'reject',
    circuitBreaker: { enabled: false, maxRequests: 1, intervalMs: 1, timeoutMs: 1, failureRatio: 1, minimumRequests: 1 },
    ...overrides,
  };
}

interface Call {
  url: string;
  headers: Headers;
  body: any;
}

function replay(response: () => Response, calls: Call[]): typeof fetch {
  return async (input, init) => {
    calls.push({ url: input instanceof Request ? input.url : input.toString(), headers: new Headers(init?.headers), body: JSON.parse(init?.body as string) });
    return response();
  };
}

function request(body: Record<string, unknown>): ProviderRequest {
  const { model: _m, provider: _p, previousResponseId: _r, ...rest } = normalizeRequest({ model: 'm', ...body });
  return { ...rest, input: rest.input as ConversationItem[], model: 'gemini-2.5-flash' };
}

async function collect(events: AsyncIterable<ProviderEvent>): Promise<ProviderEvent[]> {
  const all: ProviderEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

const SSE = [
  { candidates: [{ content: { parts: [{ text: 'Hel' }], role: 'model' }, index: 0 }], usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 } },
  {
    candidates: [{ content: { parts: [{ functionCall: { name: 'lookup', args: { q: 'x' } } }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 4, candidatesTokenCount: 6, totalTokenCount: 10 },
    modelVersion: 'gemini-2.5-flash',
  },
]
  .map((chunk) => `data: ${JSON.stringify(chunk)}\r\n\r\n`)
  .join('');

describe('GoogleProvider with the real @google/genai', () => {
  it('streams from /v1beta/models/M:streamGenerateContent?alt=sse with the API key header', async () => {
    const calls: Call[] = [];
    const fetch = replay(() => new Response(SSE, { headers: { 'content-type': 'text/event-stream' } }), calls);
    const provider = googleProviderFactory.create(config({}), { fetch });
    const events = await collect(provider.generate(request({ input: 'hi', stream: true, max_output_tokens: 20 }), new AbortController().signal));
    assert.equal(calls.length, 1, 'one request, no SDK retries or continuations');
    assert.equal(calls[0].url, 'http://gemini.test/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    assert.equal(calls[0].headers.get('x-goog-api-key'), 'k-123');
    assert.deepEqual(calls[0].body.contents, [{ role: 'user', parts: [{ text: 'hi' }] }]);
    assert.equal(calls[0].body.generationConfig.maxOutputTokens, 20);
    assert.deepEqual(
      events.map((event) => event.type),
      ['text.delta', 'tool_call.start', 'tool_call.delta', 'tool_call.done', 'usage', 'model', 'finish'],
    );
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'tool_calls', vendorReason: 'STOP' });
  });

  it('maps a 429 with RetryInfo, made once', async () => {
    const calls: Call[] = [];
    const body = { error: { code: 429, message: 'Quota exceeded.', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' }] } };
    const fetch = replay(() => new Response(JSON.stringify(body), { status: 429, headers: { 'content-type': 'application/json' } }), calls);
    const provider = googleProviderFactory.create(config({}), { fetch });
    await assert.rejects(collect(provider.generate(request({ input: 'hi' }), new AbortController().signal)), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 429);
      assert.equal(error.retryAfter, 12);
      return true;
    });
    assert.equal(calls.length, 1);
  });

  it('calls Vertex AI express mode at /v1beta1/publishers/google/models/M:generateContent', async () => {
    const calls: Call[] = [];
    const answer = { candidates: [{ content: { parts: [{ text: 'ok' }], role: 'model' }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1 } };
    const fetch = replay(() => new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } }), calls);
    const provider = vertexAIProviderFactory.create(config({ name: 'vertex', type: 'vertexai', apiKey: 'vx-key' }), { fetch });
    const events = await collect(provider.generate(request({ input: 'hi' }), new AbortController().signal));
    assert.equal(calls[0].url, 'http://gemini.test/v1beta1/publishers/google/models/gemini-2.5-flash:generateContent');
    assert.equal(calls[0].headers.get('x-goog-api-key'), 'vx-key');
    assert.deepEqual(events[0], { type: 'text.delta', delta: 'ok' });
  });

  it('reports missing Vertex AI credentials as a 502 naming the cause, without sending anything', async () => {
    const calls: Call[] = [];
    const fetch = replay(() => new Response('{}'), calls);
    const provider = vertexAIProviderFactory.create(
      config({ name: 'vertex', type: 'vertexai', apiKey: undefined, project: 'p', location: 'us-central1', credentialsFile: '/nonexistent/latticelm-key.json' }),
      { fetch },
    );
    await assert.rejects(collect(provider.generate(request({ input: 'hi' }), new AbortController().signal)), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 502);
      assert.equal(error.code, 'upstream_unreachable');
      assert.match(error.message, /no credentials for the request: .*ENOENT/);
      return true;
    });
    assert.equal(calls.length, 0);
  });
});
