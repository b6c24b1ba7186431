import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Server, ServerCredentials, ServerUnaryCall, sendUnaryData } from '@grpc/grpc-js';
import { flushTracing } from '@latticelm/observability';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';

/**
 * The seed's default exporter is OTLP over gRPC. A real gRPC server here plays the collector's TraceService; the
 * request stays protobuf bytes, in which the span names and attribute strings appear verbatim.
 */
class GrpcTraceCollector {
  readonly requests: Buffer[] = [];
  private readonly server = new Server();
  port = 0;

  async start(): Promise<void> {
    const identity = (value: Buffer) => value;
    this.server.addService(
      {
        Export: {
          path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          requestStream: false,
          responseStream: false,
          requestSerialize: identity,
          requestDeserialize: identity,
          // An empty ExportTraceServiceResponse is zero bytes of protobuf.
          responseSerialize: () => Buffer.alloc(0),
          responseDeserialize: identity,
        },
      },
      {
        Export: (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
          this.requests.push(call.request);
          callback(null, Buffer.alloc(0));
        },
      },
    );
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
  }

  received(): string {
    return Buffer.concat(this.requests).toString('latin1');
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}

describe('OpenTelemetry tracing to an OTLP/gRPC collector', () => {
  const collector = new GrpcTraceCollector();
  const openai = new FakeOpenAI('openai', 'sk-openai');
  let gateway: RunningGateway;

  before(async () => {
    await Promise.all([collector.start(), openai.start()]);
    gateway = await startGateway({
      observability: {
        enabled: true,
        metrics: { enabled: false },
        tracing: {
          enabled: true,
          service_name: 'latticelm-grpc-test',
          sampler: { type: 'always' },
          exporter: { type: 'otlp', endpoint: `127.0.0.1:${collector.port}`, insecure: true },
        },
      },
      providers: { openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1`, max_retries: 0 } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
    });
  });
  after(async () => {
    await gateway.close();
    await Promise.all([collector.stop(), openai.stop()]);
  });

  it('exports the request and provider spans with GenAI attributes over gRPC', async () => {
    const res = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'Hi' }),
    });
    assert.equal(res.status, 200);
    await res.json();
    await flushTracing();
    assert.ok(collector.requests.length > 0, 'the collector received an Export call');
    const bytes = collector.received();
    for (const text of ['latticelm-grpc-test', 'POST /v1/responses', 'chat gpt-4o-mini', 'gen_ai.request.model', 'gen_ai.usage.input_tokens']) {
      assert.ok(bytes.includes(text), `the exported spans mention "${text}"`);
    }
  });
});
