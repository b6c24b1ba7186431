import { Logger } from '@nestjs/common';
import { GatewayError, GatewayEvents, RequestScope } from '@latticelm/api';
import type { GatewayConfig } from '@latticelm/config';
import {
  ClientAbortedError,
  Embedder,
  ProviderChain,
  ProviderEmbeddingRequest,
  ProviderEmbeddings,
  Provider,
  ProviderEvent,
  ProviderRegistry,
  ProviderRequest,
  ResolvedModel,
  isEmbedder,
} from '@latticelm/providers';
import { AttemptContext, CIRCUIT_OPEN_CODE, ShutdownState, TrafficClock, allowsFallback, retryDelayMs, runAttempt, shuttingDown } from '@latticelm/traffic';
import { EmbeddingsCall, EmbeddingsInvoker, ServedEmbeddings } from './embeddings-invoker';
import { splitIntoBatches } from './embeddings-response';

type Request = Omit<ProviderEmbeddingRequest, 'model'>;
type EmbeddingModel = ResolvedModel & { provider: ResolvedModel['provider'] & Embedder };

/**
 * One vendor embeddings call as a provider attempt, so that it runs through its provider's chain exactly as a
 * response does: the circuit breaker (per provider and model), instrumentation, `request_timeout`, the client
 * leaving and the shutdown stop, all from runAttempt. It yields the call's usage as its one event.
 */
class EmbeddingAttempt extends Provider {
  readonly name: string;
  readonly type: Provider['type'];
  result: ProviderEmbeddings | undefined;

  constructor(
    private readonly embedder: EmbeddingModel['provider'],
    private readonly request: ProviderEmbeddingRequest,
  ) {
    super();
    this.name = embedder.name;
    this.type = embedder.type;
  }

  async *generate(_request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    this.result = await this.embedder.embed(this.request, signal);
    yield { type: 'usage', usage: { inputTokens: this.result.inputTokens ?? 0, outputTokens: 0 } };
  }
}

/**
 * The traffic-aware embeddings invoker: the inputs split by the model's batch limit, each call retried like a
 * response's (bounded, jittered, Retry-After honoured), and the model's fallbacks that embed tried in order — but
 * only until the first call succeeded: every vector of one answer comes from one model, since vectors of two
 * models cannot be compared.
 */
export class ResilientEmbeddingsInvoker extends EmbeddingsInvoker {
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

  async invoke(resolved: ResolvedModel, request: Request, call: EmbeddingsCall): Promise<ServedEmbeddings> {
    let lastError: unknown;
    for (const candidate of this.candidates(resolved, request)) {
      if (candidate !== resolved) {
        this.logger.warn(`model "${resolved.model}" failed (${describe(lastError)}); falling back to "${candidate.model}"`, { request_id: call.scope.requestId });
        this.events.emit('fallback.used', { from: resolved.model, to: candidate.model });
      }
      const vectors: ServedEmbeddings['vectors'] = [];
      let inputTokens = 0;
      try {
        for (const input of splitIntoBatches<string | number[]>(request.input, candidate.provider.maxInputsPerCall(candidate.providerModelId))) {
          const embeddings = await this.withRetries(candidate, { ...request, input: input as Request['input'], model: candidate.providerModelId }, call);
          vectors.push(...embeddings.vectors);
          inputTokens += embeddings.inputTokens ?? 0;
        }
        return { vectors, inputTokens, served: candidate };
      } catch (error) {
        if (vectors.length > 0 || call.signal.aborted || !allowsFallback(error)) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  /** The primary (checked by the caller), then each fallback whose provider embeds this kind of input. */
  private *candidates(resolved: ResolvedModel, request: Request): Generator<EmbeddingModel> {
    if (isEmbedding(resolved)) yield resolved;
    const tokens = typeof request.input[0] !== 'string';
    for (const name of resolved.fallbacks) {
      if (name === resolved.model) continue;
      let fallback: ResolvedModel;
      try {
        fallback = this.registry.resolve(name);
      } catch (error) {
        this.logger.error(`fallback "${name}" of model "${resolved.model}" cannot be resolved: ${describe(error)}`);
        continue;
      }
      if (isEmbedding(fallback) && (!tokens || fallback.provider.acceptsTokens)) yield fallback;
    }
  }

  private async withRetries(candidate: EmbeddingModel, request: ProviderEmbeddingRequest, call: EmbeddingsCall): Promise<ProviderEmbeddings> {
    const provider = candidate.provider.name;
    const chain = this.chains.get(provider);
    if (!chain) throw GatewayError.internal(`provider '${provider}' has no call chain`);
    const maxRetries = this.config.providers[provider]?.maxRetries ?? 0;
    const context: AttemptContext = { scope: call.scope, signal: call.signal, stop: this.shutdown.deadline, stopError: shuttingDown, clock: this.clock };
    const seen = attemptRequest(request.model);
    let previous: unknown;
    for (let attempt = 0; ; attempt++) {
      if (this.shutdown.deadline.aborted) throw shuttingDown();
      markServed(call.scope, candidate);
      const embedding = new EmbeddingAttempt(candidate.provider, request);
      try {
        await runAttempt({ ...chain, provider: embedding }, seen, context, () => undefined);
        if (!embedding.result) throw GatewayError.internal(`provider '${provider}' returned no embeddings`);
        return embedding.result;
      } catch (error) {
        if (call.signal.aborted) throw error instanceof ClientAbortedError ? error : new ClientAbortedError();
        // Our own failed attempt opened the circuit: the client hears what the vendor said, not the breaker's 503.
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a caught error rethrown; the undefined check narrows unknown to {}
        if (previous !== undefined && error instanceof GatewayError && error.code === CIRCUIT_OPEN_CODE) throw previous;
        previous = error;
        const delayMs = attempt < maxRetries ? retryDelayMs(error, attempt, () => this.clock.random()) : undefined;
        if (delayMs === undefined) throw error;
        this.logger.warn(`provider "${provider}" attempt ${attempt + 1} failed (${describe(error)}); retrying in ${Math.round(delayMs)}ms`, { request_id: call.scope.requestId });
        this.events.emit('upstream.retry', { provider, attempt: attempt + 1 });
        await this.pause(delayMs, call.signal);
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

function isEmbedding(model: ResolvedModel): model is EmbeddingModel {
  return isEmbedder(model.provider);
}

function markServed(scope: RequestScope, candidate: ResolvedModel): void {
  scope.provider = candidate.provider.name;
  scope.model = candidate.model;
}

/**
 * What the chain's interceptors are told of the call: the breaker picks its circuit by `model` (the vendor's
 * id), instrumentation labels and times it; nothing else of a response request applies.
 */
function attemptRequest(model: string): ProviderRequest {
  return {
    model,
    input: [],
    tools: [],
    toolNamespaces: [],
    hostedTools: [],
    toolChoice: 'auto',
    textFormat: { type: 'text' },
    include: [],
    metadata: {},
    vendorFields: {},
    truncation: 'disabled',
    stream: false,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
