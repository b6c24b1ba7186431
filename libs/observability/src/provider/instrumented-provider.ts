import { Context, SpanKind, SpanStatusCode, Tracer, context, trace } from '@opentelemetry/api';
import type { GatewayEvents } from '@latticelm/api';
import { ClientAbortedError, Provider, ProviderDecorator, ProviderEvent, ProviderRequest, ProviderUsage, upstreamErrorKind } from '@latticelm/providers';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { ModelLabels, OTHER_MODEL } from '../metrics/model-labels';
import { currentRequest } from '../request/request-context';
import { GEN_AI_OPERATION, genAiRequestAttributes, genAiResponseAttributes } from '../tracing/gen-ai-attributes';

export interface ProviderInstrumentation {
  labels: ModelLabels;
  events: GatewayEvents;
  metrics?: GatewayMetrics;
  tracer?: Tracer;
  now?: () => number;
}

/** Output events: the first of them is the "first token" of time-to-first-token. */
const OUTPUT_EVENTS: ReadonlySet<ProviderEvent['type']> = new Set([
  'text.delta',
  'refusal.delta',
  'reasoning.delta',
  'reasoning.summary.delta',
  'tool_call.start',
]);

/**
 * Wraps a provider once at start-up: a GenAI client span around the call, time to first token, token usage,
 * in-flight streams, upstream failures by kind (the one source of `upstream.error` events: it wraps every attempt,
 * retries and fallbacks included), and who served the request for the access log. Converters stay free of all of it.
 */
export class InstrumentedProvider extends ProviderDecorator {
  private readonly now: () => number;

  constructor(
    inner: Provider,
    private readonly deps: ProviderInstrumentation,
  ) {
    super(inner);
    this.now = deps.now ?? (() => performance.now());
  }

  async *generate(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const { metrics, tracer, labels } = this.deps;
    const started = this.now();
    const configured = labels.nameForCall(this.name, request.model);
    const observation = currentRequest();
    if (observation) {
      observation.provider = this.name;
      observation.model = configured ?? request.model;
    }
    const model = configured ?? OTHER_MODEL;
    const span = tracer?.startSpan(`${GEN_AI_OPERATION} ${request.model}`, {
      kind: SpanKind.CLIENT,
      attributes: genAiRequestAttributes(this.type, this.name, request),
    });
    // Each resumption of an async generator runs in its caller's context, so every step re-enters the span's.
    const spanContext = span ? trace.setSpan(context.active(), span) : undefined;
    const streamLabels = request.stream && metrics ? { provider: this.name } : undefined;
    if (streamLabels) metrics?.streamsInFlight.inc(streamLabels);

    const usage: ProviderUsage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
    let sawUsage = false;
    let responseModel: string | undefined;
    let finish: string | undefined;
    let sawOutput = false;
    let settled = false;
    let failure: unknown;
    const iterator = within(spanContext, () => this.inner.generate(request, signal)[Symbol.asyncIterator]());
    try {
      for (;;) {
        const step = await within(spanContext, () => iterator.next());
        if (step.done) break;
        const event = step.value;
        if (event.type === 'usage') {
          sawUsage = true;
          Object.assign(usage, definedOnly(event.usage));
        } else if (event.type === 'model') responseModel = event.model;
        else if (event.type === 'finish') finish = event.reason;
        else if (!sawOutput && OUTPUT_EVENTS.has(event.type)) {
          sawOutput = true;
          if (request.stream) metrics?.timeToFirstToken.observe({ provider: this.name, model }, (this.now() - started) / 1000);
        }
        yield event;
      }
      settled = true;
    } catch (error) {
      settled = true;
      failure = error;
      // Output already went out under a 200: this stream ends with response.failed, which metrics must show.
      if (observation && request.stream && sawOutput && !signal.aborted) observation.streamFailed = true;
      throw error;
    } finally {
      // The consumer stopped early (client gone): close the vendor stream too.
      if (!settled) await within(spanContext, async () => iterator.return?.()).catch(() => undefined);
      if (streamLabels) metrics?.streamsInFlight.dec(streamLabels);
      if (sawUsage) metrics?.recordUsage(this.name, model, usage.inputTokens, usage.outputTokens, usage.cachedTokens);
      const kind = failure === undefined || signal.aborted || failure instanceof ClientAbortedError ? undefined : upstreamErrorKind(failure, this.name);
      if (kind) this.deps.events.emit('upstream.error', { provider: this.name, kind });
      if (span) {
        span.setAttributes(genAiResponseAttributes(responseModel, sawUsage ? usage : undefined, finish));
        if (failure !== undefined && !signal.aborted) {
          span.setAttribute('error.type', kind ?? errorCode(failure));
          if (failure instanceof Error) span.recordException(failure);
          // eslint-disable-next-line @typescript-eslint/no-base-to-string -- failure is an unknown throwable; the undefined check narrows it to {}
          span.setStatus({ code: SpanStatusCode.ERROR, message: failure instanceof Error ? failure.message : String(failure) });
        }
        span.end();
      }
    }
  }
}

function within<T>(ctx: Context | undefined, fn: () => T): T {
  return ctx ? context.with(ctx, fn) : fn();
}

function definedOnly(usage: Partial<ProviderUsage>): Partial<ProviderUsage> {
  const out: Partial<ProviderUsage> = {};
  for (const key of Object.keys(usage) as (keyof ProviderUsage)[]) if (usage[key] !== undefined) out[key] = usage[key];
  return out;
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'error';
}
