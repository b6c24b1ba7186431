import { Attributes, Span, SpanKind, SpanStatusCode, Tracer, context, trace } from '@opentelemetry/api';
import type { Histogram } from 'prom-client';
import type { GatewayEvents } from '@latticelm/api';
import {
  CallInterceptor,
  CallObserver,
  CallOutcome,
  ClientAbortedError,
  Provider,
  ProviderCallStart,
  ProviderEvent,
  ProviderRequest,
  ProviderUsage,
  isOutputEvent,
  upstreamErrorKind,
} from '@latticelm/providers';
import type { KeyLabels } from '../metrics/bounded-labels';
import type { CallerLabels } from '../metrics/caller-labels';
import type { GatewayMetrics, UsageLabels } from '../metrics/gateway-metrics';
import type { ModelLabels } from '../metrics/model-labels';
import { GEN_AI_OPERATION, genAiRequestAttributes, genAiResponseAttributes } from '../tracing/gen-ai-attributes';

export interface ProviderInstrumentationDeps {
  labels: ModelLabels;
  events: GatewayEvents;
  /** present when `observability.metrics.caller` is on */
  callers?: CallerLabels;
  /** the `key` label of requests a gateway API key made */
  keys?: KeyLabels;
  metrics?: GatewayMetrics;
  tracer?: Tracer;
  now?: () => number;
}

/**
 * Metrics and traces of each provider attempt (retries and fallbacks included), as a call interceptor: a GenAI
 * client span around the call, time to first token, the gaps between output chunks and tokens per second of
 * streams, token usage, in-flight streams and upstream failures by kind (the one source of `upstream.error`
 * events). Only in the chain when metrics or tracing are on; converters stay free of all of it.
 */
export class ProviderInstrumentation implements CallInterceptor {
  private readonly now: () => number;

  constructor(private readonly deps: ProviderInstrumentationDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  begin({ provider, request, scope }: ProviderCallStart): CallObserver {
    // scope.model is the client-facing name of this attempt (the fallback's, for a fallback); the request's is the vendor id
    return new AttemptInstrumentation(provider, request, scope.model ?? request.model, scope.caller, scope.apiKey?.id, this.deps, this.now);
  }
}

type ModelSeries = { provider: string; model: string };

class AttemptInstrumentation implements CallObserver {
  private readonly started: number;
  private readonly usage: ProviderUsage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
  private readonly callerLabel: string | undefined;
  private readonly keyLabel: string | undefined;
  private sawUsage = false;
  private firstOutputAt: number | undefined;
  private lastOutputAt = 0;
  private chunks = 0;
  /** the time-per-chunk histogram bound to this attempt's labels at its first output (streams, metrics on) */
  private chunkGaps: Histogram.Internal<string> | undefined;
  private series: ModelSeries | undefined;
  private responseModel: string | undefined;
  private finish: string | undefined;
  private readonly span: Span | undefined;
  private readonly streamLabels: { provider: string } | undefined;
  readonly within: (<T>(step: () => T) => T) | undefined;

  constructor(
    private readonly provider: Provider,
    private readonly request: ProviderRequest,
    private readonly model: string,
    caller: string | undefined,
    keyId: string | undefined,
    private readonly deps: ProviderInstrumentationDeps,
    private readonly now: () => number,
  ) {
    const { metrics, tracer, callers, keys } = deps;
    this.started = now();
    this.callerLabel = metrics ? callers?.forCaller(caller) : undefined;
    this.keyLabel = metrics && keyId !== undefined ? keys?.of(keyId) : undefined;
    if (tracer) {
      const attributes: Attributes = genAiRequestAttributes(provider.type, provider.name, request);
      attributes['latticelm.model'] = model;
      if (callers && caller !== undefined) attributes['user.id'] = caller;
      this.span = tracer.startSpan(`${GEN_AI_OPERATION} ${request.model}`, { kind: SpanKind.CLIENT, attributes });
    }
    // Each step of the provider's async generator runs in its caller's context, so every step re-enters the span's.
    const spanContext = this.span ? trace.setSpan(context.active(), this.span) : undefined;
    this.within = spanContext ? (step) => context.with(spanContext, step) : undefined;
    this.streamLabels = request.stream && metrics ? { provider: provider.name } : undefined;
    if (this.streamLabels) metrics?.streamsInFlight.inc(this.streamLabels);
  }

  event(event: ProviderEvent): void {
    switch (event.type) {
      case 'usage':
        this.sawUsage = true;
        assignDefined(this.usage, event.usage);
        return;
      case 'model':
        this.responseModel = event.model;
        return;
      case 'finish':
        this.finish = event.reason;
        return;
      // a tool call's argument fragments are chunks of a stream that has begun, never its first token
      case 'tool_call.delta':
        if (this.firstOutputAt !== undefined) this.output();
        return;
      default:
        // the first output event is the "first token" of time-to-first-token; boundaries carry none
        if (isOutputEvent(event)) this.output();
    }
  }

  private output(): void {
    this.chunks += 1;
    if (this.firstOutputAt === undefined) {
      this.firstOutput();
      return;
    }
    if (!this.chunkGaps) return;
    const at = this.now();
    this.chunkGaps.observe((at - this.lastOutputAt) / 1000);
    this.lastOutputAt = at;
  }

  private firstOutput(): void {
    const at = this.now();
    this.firstOutputAt = at;
    this.lastOutputAt = at;
    // The vendor served this name: a prefix-routed one may now have a label of its own.
    const series = this.seriesOf(true);
    const metrics = this.deps.metrics;
    if (!this.request.stream || !metrics) return;
    metrics.timeToFirstToken.observe(series, (at - this.started) / 1000);
    this.chunkGaps = metrics.timePerOutputChunk.labels(series);
  }

  private seriesOf(served: boolean): ModelSeries {
    if (!this.series) {
      const { labels } = this.deps;
      this.series = { provider: this.provider.name, model: served ? labels.served(this.model) : labels.forName(this.model) };
    }
    return this.series;
  }

  end(outcome: CallOutcome): void {
    const { metrics, events } = this.deps;
    const name = this.provider.name;
    const ended = this.now();
    if (metrics) {
      if (this.streamLabels) metrics.streamsInFlight.dec(this.streamLabels);
      const series = this.seriesOf(outcome.ok);
      if (this.sawUsage) {
        const labels: UsageLabels = { ...series };
        if (this.callerLabel !== undefined) labels.caller = this.callerLabel;
        if (this.keyLabel !== undefined) labels.key = this.keyLabel;
        metrics.recordUsage(labels, this.usage);
      }
      const first = this.firstOutputAt;
      // One chunk says nothing of a rate: its tokens arrived at once.
      if (outcome.ok && this.request.stream && first !== undefined && this.chunks > 1 && this.usage.outputTokens > 0 && ended > first) {
        metrics.outputTokensPerSecond.observe(series, this.usage.outputTokens / ((ended - first) / 1000));
      }
    }
    const failure = outcome.ok ? undefined : outcome.error;
    const counted = !outcome.ok && !outcome.aborted && !(failure instanceof ClientAbortedError);
    const kind = counted ? upstreamErrorKind(failure, name) : undefined;
    if (kind) events.emit('upstream.error', { provider: name, kind });
    const span = this.span;
    if (!span) return;
    span.setAttributes(genAiResponseAttributes(this.responseModel, this.sawUsage ? this.usage : undefined, this.finish));
    if (this.request.stream && this.firstOutputAt !== undefined) {
      span.setAttribute('gen_ai.response.time_to_first_chunk', (this.firstOutputAt - this.started) / 1000);
    }
    if (counted) {
      span.setAttribute('error.type', kind ?? errorCode(failure));
      if (failure instanceof Error) span.recordException(failure);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure instanceof Error ? failure.message : String(failure) });
    }
    span.end();
  }
}

function assignDefined(usage: ProviderUsage, update: Partial<ProviderUsage>): void {
  for (const key of Object.keys(update) as (keyof ProviderUsage)[]) {
    const value = update[key];
    if (value !== undefined) usage[key] = value;
  }
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : 'error';
}
