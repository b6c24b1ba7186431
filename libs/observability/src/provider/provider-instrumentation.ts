import { Span, SpanKind, SpanStatusCode, Tracer, context, trace } from '@opentelemetry/api';
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
  upstreamErrorKind,
} from '@latticelm/providers';
import type { GatewayMetrics } from '../metrics/gateway-metrics';
import { ModelLabels, OTHER_MODEL } from '../metrics/model-labels';
import { GEN_AI_OPERATION, genAiRequestAttributes, genAiResponseAttributes } from '../tracing/gen-ai-attributes';

export interface ProviderInstrumentationDeps {
  labels: ModelLabels;
  events: GatewayEvents;
  metrics?: GatewayMetrics;
  tracer?: Tracer;
  now?: () => number;
}

/**
 * Metrics and traces of each provider attempt (retries and fallbacks included), as a call interceptor: a GenAI
 * client span around the call, time to first token, token usage, in-flight streams and upstream failures by kind
 * (the one source of `upstream.error` events). Only in the chain when metrics or tracing are on; converters stay
 * free of all of it.
 */
export class ProviderInstrumentation implements CallInterceptor {
  private readonly now: () => number;

  constructor(private readonly deps: ProviderInstrumentationDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  begin({ provider, request }: ProviderCallStart): CallObserver {
    return new AttemptInstrumentation(provider, request, this.deps, this.now);
  }
}

class AttemptInstrumentation implements CallObserver {
  private readonly started: number;
  private readonly model: string;
  private readonly usage: ProviderUsage = { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0 };
  private sawUsage = false;
  private sawOutput = false;
  private responseModel: string | undefined;
  private finish: string | undefined;
  private readonly span: Span | undefined;
  private readonly streamLabels: { provider: string } | undefined;
  readonly within: (<T>(step: () => T) => T) | undefined;

  constructor(
    private readonly provider: Provider,
    private readonly request: ProviderRequest,
    private readonly deps: ProviderInstrumentationDeps,
    private readonly now: () => number,
  ) {
    const { metrics, tracer, labels } = deps;
    this.started = now();
    this.model = labels.nameForCall(provider.name, request.model) ?? OTHER_MODEL;
    this.span = tracer?.startSpan(`${GEN_AI_OPERATION} ${request.model}`, {
      kind: SpanKind.CLIENT,
      attributes: genAiRequestAttributes(provider.type, provider.name, request),
    });
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
      // output: the first of these is the "first token" of time-to-first-token
      case 'text.delta':
      case 'refusal.delta':
      case 'reasoning.delta':
      case 'reasoning.summary.delta':
      case 'tool_call.start':
      case 'hosted_call.start':
        if (!this.sawOutput) this.firstOutput();
        return;
      case 'text.annotation':
      case 'hosted_call.progress':
      case 'hosted_call.done':
      case 'reasoning.encrypted':
      case 'tool_call.delta':
      case 'tool_call.done':
        return;
      default: {
        const unhandled: never = event;
        return unhandled;
      }
    }
  }

  private firstOutput(): void {
    this.sawOutput = true;
    if (this.request.stream) this.deps.metrics?.timeToFirstToken.observe({ provider: this.provider.name, model: this.model }, (this.now() - this.started) / 1000);
  }

  end(outcome: CallOutcome): void {
    const { metrics, events } = this.deps;
    const name = this.provider.name;
    if (this.streamLabels) metrics?.streamsInFlight.dec(this.streamLabels);
    if (this.sawUsage) metrics?.recordUsage(name, this.model, this.usage.inputTokens, this.usage.outputTokens, this.usage.cachedTokens);
    const failure = outcome.ok ? undefined : outcome.error;
    const counted = !outcome.ok && !outcome.aborted && !(failure instanceof ClientAbortedError);
    const kind = counted ? upstreamErrorKind(failure, name) : undefined;
    if (kind) events.emit('upstream.error', { provider: name, kind });
    const span = this.span;
    if (!span) return;
    span.setAttributes(genAiResponseAttributes(this.responseModel, this.sawUsage ? this.usage : undefined, this.finish));
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
