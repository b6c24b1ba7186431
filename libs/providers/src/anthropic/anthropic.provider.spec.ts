import type { ConversationItem } from '@latticelm/api';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, normalizeRequest } from '@latticelm/api';
import { buildConfig } from '@latticelm/config';
import type { Provider, ProviderRequest } from '../provider';
import type { ProviderEvent } from '../provider-event';
import { ClientAbortedError } from '../upstream-error';
import { azureAnthropicProviderFactory, foundryBaseUrl } from '../azure-anthropic/azure-anthropic.provider';
import { OVERLOADED_STREAM, TEXT_STREAM, TRUNCATED_STREAM } from './__fixtures__/anthropic-streams';
import { anthropicProviderFactory } from './anthropic.provider';

interface Captured {
  url: string;
  headers: Headers;
  body: Record<string, unknown>;
}

/** A fetch that replays one canned answer, so the real SDK parses vendor-shaped bytes without a network. */
function replay(status: number, body: string, headers: Record<string, string> = {}) {
  const calls: Captured[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), headers: new Headers(init?.headers), body: JSON.parse(init?.body as string) });
    const contentType = body.startsWith('event:') ? 'text/event-stream' : 'application/json';
    return new Response(body, { status, headers: { 'content-type': contentType, ...headers } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function providerOf(type: 'anthropic' | 'azureanthropic', fetch: typeof globalThis.fetch, endpoint?: string): Provider {
  const config = buildConfig({ providers: { p: { type, api_key: 'sk-test', endpoint: endpoint ?? 'https://example.test', default_max_tokens: 1000 } } }, 'test');
  const factory = type === 'anthropic' ? anthropicProviderFactory : azureAnthropicProviderFactory;
  return factory.create(config.providers.p, { fetch });
}

function request(stream: boolean): ProviderRequest {
  const { model: _model, provider: _provider, previousResponseId: _previous, ...rest } = normalizeRequest({ model: 'm', input: 'Hi', stream });
  return { ...rest, input: rest.input as ConversationItem[], model: 'claude-sonnet-4-6' };
}

async function collect(provider: Provider, stream = true, signal = new AbortController().signal): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  for await (const event of provider.generate(request(stream), signal)) events.push(event);
  return events;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected a failure');
}

const errorBody = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' });

describe('AnthropicProvider over the real SDK', () => {
  it('sends the Messages request and turns the SSE stream into events', async () => {
    const { fetch, calls } = replay(200, TEXT_STREAM);
    const events = await collect(providerOf('anthropic', fetch), true);
    assert.equal(calls[0].url, 'https://example.test/v1/messages');
    assert.ok(calls[0].headers.get('anthropic-version'), 'anthropic-version is sent');
    assert.equal(calls[0].headers.get('authorization'), 'Bearer sk-test');
    assert.deepEqual(calls[0].body, { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], max_tokens: 1000, stream: true });
    assert.equal(events.filter((event) => event.type === 'text.delta').length, 2);
    assert.deepEqual(events.at(-1), { type: 'finish', reason: 'stop', vendorReason: 'end_turn' });
  });

  it('maps an `error` event in the stream (overloaded_error) to a retryable upstream 5xx', async () => {
    const { fetch } = replay(200, OVERLOADED_STREAM);
    const error = await failure(collect(providerOf('anthropic', fetch)));
    assert.ok(error instanceof GatewayError);
    assert.equal(error.status, 502);
    assert.equal(error.retryable, true);
    assert.match(error.message, /p: Overloaded \(upstream status 529\)/);
  });

  it('fails a stream that ends before message_stop', async () => {
    const { fetch } = replay(200, TRUNCATED_STREAM);
    const error = await failure(collect(providerOf('anthropic', fetch)));
    assert.ok(error instanceof GatewayError);
    assert.equal(error.code, 'upstream_stream_error');
  });

  it('keeps a vendor 4xx status and message, and Retry-After on 429', async () => {
    const invalid = await failure(collect(providerOf('anthropic', replay(400, errorBody('invalid_request_error', 'messages: field required')).fetch), false));
    assert.ok(invalid instanceof GatewayError);
    assert.deepEqual([invalid.status, invalid.message], [400, 'p: messages: field required']);
    const auth = await failure(collect(providerOf('anthropic', replay(401, errorBody('authentication_error', 'invalid x-api-key')).fetch), false));
    assert.ok(auth instanceof GatewayError);
    assert.equal(auth.status, 401);
    const limited = await failure(collect(providerOf('anthropic', replay(429, errorBody('rate_limit_error', 'slow down'), { 'retry-after': '7' }).fetch), false));
    assert.ok(limited instanceof GatewayError);
    assert.deepEqual([limited.status, limited.retryAfter], [429, 7]);
    const overloaded = await failure(collect(providerOf('anthropic', replay(529, errorBody('overloaded_error', 'Overloaded')).fetch), false));
    assert.ok(overloaded instanceof GatewayError);
    assert.deepEqual([overloaded.status, overloaded.retryable], [502, true]);
  });

  it('reports a client abort as ClientAbortedError, not a vendor fault', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(collect(providerOf('anthropic', replay(200, TEXT_STREAM).fetch), true, controller.signal));
    assert.ok(error instanceof ClientAbortedError);
  });

  it('talks to Foundry at <endpoint>/anthropic/v1/messages with x-api-key and no bearer header', async () => {
    const { fetch, calls } = replay(200, TEXT_STREAM);
    await collect(providerOf('azureanthropic', fetch, 'https://res.services.ai.azure.com/anthropic/'));
    assert.equal(calls[0].url, 'https://res.services.ai.azure.com/anthropic/v1/messages');
    assert.equal(calls[0].headers.get('x-api-key'), 'sk-test');
    assert.equal(calls[0].headers.get('authorization'), null);
  });

  it('accepts the Foundry endpoint with or without /anthropic', () => {
    assert.equal(foundryBaseUrl('https://res.services.ai.azure.com'), 'https://res.services.ai.azure.com/anthropic');
    assert.equal(foundryBaseUrl('https://res.services.ai.azure.com/anthropic'), 'https://res.services.ai.azure.com/anthropic');
    assert.equal(foundryBaseUrl('https://res.services.ai.azure.com/anthropic/v1/messages'), 'https://res.services.ai.azure.com/anthropic');
  });
});
