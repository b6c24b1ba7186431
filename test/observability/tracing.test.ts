import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { flushTracing } from '@latticelm/observability';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND } from './otlp-receiver';

// One OpenTelemetry SDK per process: this file starts it (through the gateway) with the receiver as exporter.
describe('OpenTelemetry tracing to an OTLP/HTTP receiver', () => {
  const receiver = new OtlpReceiver();
  const openai = new FakeOpenAI('openai', 'sk-openai');
  let gateway: RunningGateway;

  before(async () => {
    await Promise.all([receiver.start(), openai.start()]);
    gateway = await startGateway({
      observability: {
        enabled: true,
        metrics: { enabled: false },
        tracing: {
          enabled: true,
          service_name: 'latticelm-test',
          sampler: { type: 'always' },
          exporter: { type: 'otlp-http', endpoint: receiver.url, insecure: true },
        },
      },
      providers: { openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1`, max_retries: 0 } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
    });
  });
  after(async () => {
    await gateway.close();
    await Promise.all([receiver.stop(), openai.stop()]);
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const one = (spans: ReceivedSpan[], name: string) => {
    const found = spans.filter((span) => span.name === name);
    assert.equal(found.length, 1, `one "${name}" span in ${JSON.stringify(spans.map((s) => s.name))}`);
    return found[0];
  };

  it("continues the client's traceparent: server span → provider span → upstream traceparent", async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    openai.enqueue({ kind: 'text', text: 'Hello!', usage: { inputTokens: 11, outputTokens: 9, cachedTokens: 0, reasoningTokens: 7 } });
    const res = await post({ model: 'gpt-4o-mini', input: 'Hi', max_output_tokens: 50, temperature: 0.5 }, { traceparent: `00-${traceId}-${clientSpanId}-01` });
    assert.equal(res.status, 200);
    await res.json();
    await flushTracing();

    const spans = receiver.trace(traceId);
    const server = one(spans, 'POST /v1/responses');
    assert.equal(server.kind, SPAN_KIND.server);
    assert.equal(server.parentSpanId, clientSpanId, "the client's span is the parent");
    assert.equal(server.service, 'latticelm-test');
    assert.equal(server.attributes['http.route'], '/v1/responses');
    assert.equal(server.attributes['http.response.status_code'], 200);

    const provider = one(spans, 'chat gpt-4o-mini');
    assert.equal(provider.kind, SPAN_KIND.client);
    assert.equal(provider.parentSpanId, server.spanId);
    assert.deepEqual(
      {
        operation: provider.attributes['gen_ai.operation.name'],
        provider: provider.attributes['gen_ai.provider.name'],
        system: provider.attributes['gen_ai.system'],
        requestModel: provider.attributes['gen_ai.request.model'],
        responseModel: provider.attributes['gen_ai.response.model'],
        input: provider.attributes['gen_ai.usage.input_tokens'],
        output: provider.attributes['gen_ai.usage.output_tokens'],
        maxTokens: provider.attributes['gen_ai.request.max_tokens'],
        temperature: provider.attributes['gen_ai.request.temperature'],
        reasoning: provider.attributes['gen_ai.usage.reasoning.output_tokens'],
        stream: provider.attributes['gen_ai.request.stream'],
        model: provider.attributes['latticelm.model'],
      },
      {
        operation: 'chat', provider: 'openai', system: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini',
        input: 11, output: 9, maxTokens: 50, temperature: 0.5, reasoning: 7, stream: false, model: 'gpt-4o-mini',
      },
    );
    assert.equal(provider.attributes['gen_ai.response.time_to_first_chunk'], undefined, 'only streams have a first chunk');
    assert.equal(server.attributes['latticelm.model'], 'gpt-4o-mini');
    assert.equal(server.attributes['latticelm.provider'], 'openai');

    const save = one(spans, 'conversation_store save');
    assert.equal(save.parentSpanId, server.spanId);
    assert.equal(save.attributes['db.operation.name'], 'save');

    assert.equal(openai.requests.length, 1);
    assert.equal(openai.requests[0].headers.traceparent, `00-${traceId}-${provider.spanId}-01`, 'the vendor joins the trace under the provider span');
  });

  it('starts a new trace without traceparent and spans the history lookup of a streamed follow-up', async () => {
    openai.enqueue({ kind: 'text', text: 'first' }, { kind: 'text', text: 'second answer' });
    const first = await (await post({ model: 'gpt-4o-mini', input: 'one' })).json();
    const res = await post({ model: 'gpt-4o-mini', input: 'two', stream: true, previous_response_id: first.id });
    assert.equal(res.status, 200);
    await res.text();
    await flushTracing();

    const upstream = openai.requests[openai.requests.length - 1].headers.traceparent as string;
    const traceId = /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec(upstream)?.[1];
    assert.ok(traceId, `upstream traceparent ${upstream}`);
    const spans = receiver.trace(traceId);
    const server = one(spans, 'POST /v1/responses');
    assert.equal(server.parentSpanId, '', 'a root span');
    const lookup = spans.find((span) => span.name.startsWith('conversation_store get'));
    assert.ok(lookup, `history lookup span in ${JSON.stringify(spans.map((s) => s.name))}`);
    assert.equal(lookup.parentSpanId, server.spanId);
    const provider = one(spans, 'chat gpt-4o-mini');
    assert.equal(provider.attributes['latticelm.stream'], true);
    assert.equal(provider.attributes['gen_ai.request.stream'], true);
    const firstChunk = provider.attributes['gen_ai.response.time_to_first_chunk'];
    assert.ok(typeof firstChunk === 'number' && firstChunk > 0, `time to first chunk ${String(firstChunk)}`);
    assert.equal(provider.parentSpanId, server.spanId);
  });

  it('marks a failed provider call with the error kind', async () => {
    openai.enqueue({ kind: 'error', status: 500, message: 'boom' });
    const traceId = randomBytes(16).toString('hex');
    const res = await post({ model: 'gpt-4o-mini', input: 'x' }, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    assert.equal(res.status, 502);
    await res.text();
    await flushTracing();
    const spans = receiver.trace(traceId);
    const provider = one(spans, 'chat gpt-4o-mini');
    assert.equal(provider.status.code, 2, 'STATUS_CODE_ERROR');
    assert.equal(provider.attributes['error.type'], 'http_5xx');
    assert.equal(one(spans, 'POST /v1/responses').status.code, 2);
  });

  it('does not trace probes', async () => {
    await (await fetch(`${gateway.url}/health`)).text();
    await (await fetch(`${gateway.url}/ready`)).text();
    await flushTracing();
    assert.deepEqual(receiver.spans.filter((span) => /health|ready/.test(span.name)), []);
  });
});
