import { Logger } from '@nestjs/common';
import { GatewayError, GatewayEvents } from '@latticelm/api';
import type { GatewayConfig } from '@latticelm/config';
import { ClientAbortedError, ProviderChain, ProviderRegistry, ProviderRequest, ResolvedModel } from '@latticelm/providers';
import { InvocationSink, ProviderInvoker } from '@latticelm/responses';
import type { ShutdownState } from '../shutdown/shutdown-state';
import type { TrafficClock } from '../traffic-clock';
import { retryDelayMs } from './retry-policy';
import { AttemptContext, runAttempt } from './run-attempt';
import { CIRCUIT_OPEN_CODE, SHUTTING_DOWN_CODE, allowsFallback } from './upstream-fault';

type Request = Omit<ProviderRequest, 'model'>;

/**
 * The traffic-aware invoker: bounded, jittered retries of the same provider, then the model's fallbacks in order —
 * all only until the first output reached the client. Each attempt runs through its provider's chain (breaker,
 * instrumentation, deadlines), so an open circuit arrives here as a fast 503 and moves on to the next fallback.
 */
export class ResilientProviderInvoker extends ProviderInvoker {
  private readonly logger = new Logger('Traffic');

  constructor(
    private readonly config: GatewayConfig,
    private readonly registry: ProviderRegistry,
    private readonly chains: ReadonlyMap<string, ProviderChain>,
    private readonly events: GatewayEvents,
    private readonly clock: TrafficClock,
    private readonly shutdown: ShutdownState,
  ) {
    super();
  }

  async invoke(resolved: ResolvedModel, request: Request, signal: AbortSignal, sink: InvocationSink): Promise<void> {
    let lastError: unknown;
    for (const candidate of this.candidates(resolved)) {
      if (candidate !== resolved) {
        this.logger.warn(`model "${resolved.model}" failed before output (${describe(lastError)}); falling back to "${candidate.model}"`, { request_id: sink.scope.requestId });
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
        this.logger.error(`fallback "${name}" of model "${resolved.model}" cannot be resolved: ${describe(error)}`);
      }
    }
  }

  private async withRetries(candidate: ResolvedModel, request: Request, signal: AbortSignal, sink: InvocationSink): Promise<void> {
    const provider = candidate.provider.name;
    const chain = this.chains.get(provider);
    if (!chain) throw GatewayError.internal(`provider '${provider}' has no call chain`);
    const maxRetries = this.config.providers[provider]?.maxRetries ?? 0;
    const providerRequest: ProviderRequest = {
      ...request,
      model: candidate.providerModelId,
      defaultMaxOutputTokens: candidate.maxOutputTokens,
      unsupportedParameters: candidate.unsupportedParameters,
    };
    const context: AttemptContext = { scope: sink.scope, signal, stop: this.shutdown.deadline, stopError: shuttingDown, clock: this.clock };
    const onEvent = (event: Parameters<InvocationSink['event']>[0]) => sink.event(event);
    let previous: unknown;
    for (let attempt = 0; ; attempt++) {
      if (this.shutdown.deadline.aborted) throw shuttingDown();
      sink.onAttempt(provider, candidate.model);
      try {
        await runAttempt(chain, providerRequest, context, onEvent);
        return;
      } catch (error) {
        if (signal.aborted) throw error instanceof ClientAbortedError ? error : new ClientAbortedError();
        // Our own failed attempt opened the circuit: the client hears what the vendor said (429, 504, 502…),
        // not the breaker's 503.
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a caught error rethrown; the undefined check narrows unknown to {}
        if (previous !== undefined && isCircuitOpen(error)) throw previous;
        previous = error;
        if (sink.hasOutput() || attempt >= maxRetries) throw error;
        const delayMs = retryDelayMs(error, attempt, () => this.clock.random());
        if (delayMs === undefined) throw error;
        this.logger.warn(`provider "${provider}" attempt ${attempt + 1} failed (${describe(error)}); retrying in ${Math.round(delayMs)}ms`, { request_id: sink.scope.requestId });
        this.events.emit('upstream.retry', { provider, attempt: attempt + 1 });
        await this.pause(delayMs, signal);
      }
    }
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await this.clock.sleep(ms, AbortSignal.any([signal, this.shutdown.deadline]));
    } catch {
      if (signal.aborted) throw new ClientAbortedError();
      throw shuttingDown();
    }
  }
}

/** The 503 for work the shutdown deadline stopped. */
export function shuttingDown(): GatewayError {
  return new GatewayError({
    status: 503,
    type: 'service_unavailable',
    code: SHUTTING_DOWN_CODE,
    message: 'the gateway is shutting down and could not finish this response within server.shutdown_timeout; retry',
    retryable: true,
    retryAfter: 1,
    origin: 'gateway',
  });
}

function isCircuitOpen(error: unknown): boolean {
  return error instanceof GatewayError && error.code === CIRCUIT_OPEN_CODE;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
