import { Logger } from '@nestjs/common';
import { GatewayError, GatewayEvents } from '@latticelm/api';
import type { GatewayConfig } from '@latticelm/config';
import { ProviderChain, ProviderRegistry, ProviderRequest, ResolvedModel } from '@latticelm/providers';
import { InvocationSink, ProviderInvoker } from '@latticelm/responses';
import type { ShutdownState } from '../shutdown/shutdown-state';
import type { TrafficClock } from '../traffic-clock';
import { RetryLoopDeps, describeError, retryAttempts, shuttingDown } from './retry-loop';
import { AttemptContext, runAttempt } from './run-attempt';
import { allowsFallback } from './upstream-fault';

type Request = Omit<ProviderRequest, 'model'>;

/**
 * The traffic-aware invoker: bounded, jittered retries of the same provider, then the model's fallbacks in order —
 * all only until the first output reached the client. Each attempt runs through its provider's chain (breaker,
 * instrumentation, deadlines), so an open circuit arrives here as a fast 503 and moves on to the next fallback.
 */
export class ResilientProviderInvoker extends ProviderInvoker {
  private readonly logger = new Logger('Traffic');
  private readonly retry: RetryLoopDeps;

  constructor(
    private readonly config: GatewayConfig,
    private readonly registry: ProviderRegistry,
    private readonly chains: ReadonlyMap<string, ProviderChain>,
    private readonly events: GatewayEvents,
    private readonly clock: TrafficClock,
    private readonly shutdown: ShutdownState,
  ) {
    super();
    this.retry = { events, clock, shutdown, logger: this.logger };
  }

  async invoke(resolved: ResolvedModel, request: Request, signal: AbortSignal, sink: InvocationSink): Promise<void> {
    let lastError: unknown;
    for (const candidate of this.candidates(resolved)) {
      if (candidate !== resolved) {
        this.logger.warn(`model "${resolved.model}" failed before output (${describeError(lastError)}); falling back to "${candidate.model}"`, { request_id: sink.scope.requestId });
        this.events.emit('fallback.used', { from: resolved.model, to: candidate.model });
      }
      try {
        await this.withRetries(candidate, request, signal, sink);
        return;
      } catch (error) {
        if (sink.hasOutput() || signal.aborted || !allowsFallback(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  private *candidates(resolved: ResolvedModel): Generator<ResolvedModel> {
    yield resolved;
    for (const name of resolved.fallbacks) {
      if (name === resolved.model) continue;
      try {
        yield this.registry.resolve(name);
      } catch (error) {
        this.logger.error(`fallback "${name}" of model "${resolved.model}" cannot be resolved: ${describeError(error)}`);
      }
    }
  }

  private withRetries(candidate: ResolvedModel, request: Request, signal: AbortSignal, sink: InvocationSink): Promise<void> {
    const provider = candidate.provider.name;
    const chain = this.chains.get(provider);
    if (!chain) throw GatewayError.internal(`provider '${provider}' has no call chain`);
    const providerRequest: ProviderRequest = {
      ...request,
      model: candidate.providerModelId,
      defaultMaxOutputTokens: candidate.maxOutputTokens,
      unsupportedParameters: candidate.unsupportedParameters,
    };
    const context: AttemptContext = { scope: sink.scope, signal, stop: this.shutdown.deadline, stopError: shuttingDown, clock: this.clock };
    const onEvent = (event: Parameters<InvocationSink['event']>[0]) => sink.event(event);
    const call = { provider, maxRetries: this.config.providers[provider]?.maxRetries ?? 0, signal, requestId: sink.scope.requestId, hasOutput: () => sink.hasOutput() };
    return retryAttempts(this.retry, call, async () => {
      sink.onAttempt(provider, candidate.model);
      await runAttempt(chain, providerRequest, context, onEvent);
    });
  }
}
