import type { ConversationItem } from '@latticelm/api';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError, normalizeRequest } from '@latticelm/api';
import { buildConfig } from '@latticelm/config';
import type { Provider, ProviderRequest } from '../../provider';
import type { ProviderEvent } from '../../provider-event';
import { openAIProviderFactory } from '../openai.provider';
import { CUT_STREAM, TEXT_COMPLETION, TEXT_STREAM, TOOL_STREAM } from './__fixtures__/openai-chat-streams';

/** A fetch that replays one recorded answer, so the real SDK parses the vendor's bytes without a network. */
function replay(body: string) {
  const calls: { url: string; body: Record<string, unknown> }[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), body: JSON.parse(init?.body as string) });
    return new Response(body, { status: 200, headers: { 'content-type': body.startsWith('data:') ? 'text/event-stream' : 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function providerOf(fetch: typeof globalThis.fetch): Provider {
  const config = buildConfig({ providers: { vllm: { type: 'openai', api: 'chat_completions', api_key: 'sk-test', endpoint: 'http://vllm.test/v1' } } }, 'test');
  return openAIProviderFactory.create(config.providers.vllm, { fetch });
}

function request(body: Record<string, unknown>): ProviderRequest {
  const { model: _model, provider: _provider, previousResponseId: _previous, ...rest } = normalizeRequest({ model: 'm', ...body });
  return { ...rest, input: rest.input as ConversationItem[], model: 'served-model' };
}

async function collect(provider: Provider, body: Record<string, unknown>): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  for await (const event of provider.generate(request(body), new AbortController().signal)) events.push(event);
  return events;
}

describe('OpenAIChatCompletionsProvider over the real SDK', () => {
  it('streams from /chat/completions with include_usage and turns the recorded chunks into events', async () => {
    const { fetch, calls } = replay(TEXT_STREAM);
    const events = await collect(providerOf(fetch), { input: 'Invent a holiday', stream: true });
    assert.equal(calls[0].url, 'http://vllm.test/v1/chat/completions');
    assert.deepEqual(calls[0].body, { model: 'served-model', messages: [{ role: 'user', content: 'Invent a holiday' }], stream: true, stream_options: { include_usage: true } });
    assert.deepEqual(events, [
      { type: 'model', model: 'gpt-4.1-nano-2025-04-14' },
      { type: 'text.delta', delta: '**' },
      { type: 'text.delta', delta: 'Holiday' },
      { type: 'text.delta', delta: ' Name' },
      { type: 'finish', reason: 'stop', vendorReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 16, outputTokens: 300, cachedTokens: 0, reasoningTokens: 0 } },
    ]);
  });

  it('streams tool calls by index: start with the id and name, argument fragments, done at the finish', async () => {
    const { fetch } = replay(TOOL_STREAM);
    const events = await collect(providerOf(fetch), { input: 'Go', stream: true, tools: [{ type: 'function', name: 'test-tool', parameters: { type: 'object' } }] });
    const callId = 'call_O17Uplv4lJvD6DVdIvFFeRMw';
    assert.deepEqual(events.slice(1), [
      { type: 'tool_call.start', callId, name: 'test-tool' },
      ...['{"', 'value', '":"', 'Spark', 'le', ' Day', '"}'].map((delta) => ({ type: 'tool_call.delta', callId, delta })),
      { type: 'tool_call.done', callId },
      { type: 'finish', reason: 'tool_calls', vendorReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 53, outputTokens: 17, cachedTokens: 0, reasoningTokens: 0 } },
    ]);
  });

  it('asks without streaming when the client does not stream, and reads the whole completion', async () => {
    const { fetch, calls } = replay(TEXT_COMPLETION);
    const events = await collect(providerOf(fetch), { input: 'Hi' });
    assert.equal(calls[0].body.stream, false);
    assert.equal(calls[0].body.stream_options, undefined);
    assert.deepEqual(events, [
      { type: 'model', model: 'gpt-4.1-nano-2025-04-14' },
      { type: 'text.delta', delta: '**Holiday Name:** Galaxy Day' },
      { type: 'usage', usage: { inputTokens: 16, outputTokens: 363, cachedTokens: 0, reasoningTokens: 0 } },
      { type: 'finish', reason: 'stop', vendorReason: 'stop' },
    ]);
  });

  it('fails a stream that ends without a finish_reason', async () => {
    const { fetch } = replay(CUT_STREAM);
    await assert.rejects(collect(providerOf(fetch), { input: 'Hi', stream: true }), (error: unknown) => error instanceof GatewayError && error.status === 502);
  });

  it('refuses what Chat Completions cannot express, naming it', async () => {
    const { fetch } = replay(TEXT_COMPLETION);
    await assert.rejects(collect(providerOf(fetch), { input: 'Hi', max_tool_calls: 2 }), (error: unknown) => error instanceof GatewayError && error.param === 'max_tool_calls');
    await assert.rejects(collect(providerOf(fetch), { input: 'Hi', tools: [{ type: 'code_interpreter' }] }), (error: unknown) => error instanceof GatewayError && error.param === 'tools');
  });
});
