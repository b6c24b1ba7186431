import { Logger } from '@nestjs/common';
import { GatewayError, GatewayEvents, RequestScope } from '@latticelm/api';
import type { GatewayConfig } from '@latticelm/config';
import {
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
  plainRequestFields,
} from '@latticelm/providers';
import { AttemptContext, RetryLoopDeps, ShutdownState, TrafficClock, allowsFallback, describeError, retryAttempts, runAttempt, shuttingDown } from '@latticelm/traffic';
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

  async invoke(resolved: ResolvedModel, request: Request, call: EmbeddingsCall): Promise<ServedEmbeddings> {
    let lastError: unknown;
    for (const candidate of this.candidates(resolved, request)) {
      if (candidate !== resolved) {
        this.logger.warn(`model "${resolved.model}" failed (${describeError(lastError)}); falling back to "${candidate.model}"`, { request_id: call.scope.requestId });
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
        this.logger.error(`fallback "${name}" of model "${resolved.model}" cannot be resolved: ${describeError(error)}`);
        continue;
      }
      if (isEmbedding(fallback) && (!tokens || fallback.provider.acceptsTokens)) yield fallback;
    }
  }

  private withRetries(candidate: EmbeddingModel, request: ProviderEmbeddingRequest, call: EmbeddingsCall): Promise<ProviderEmbeddings> {
    const provider = candidate.provider.name;
    const chain = this.chains.get(provider);
    if (!chain) throw GatewayError.internal(`provider '${provider}' has no call chain`);
    const context: AttemptContext = { scope: call.scope, signal: call.signal, stop: this.shutdown.deadline, stopError: shuttingDown, clock: this.clock };
    const seen = attemptRequest(request.model);
    const retried = { provider, maxRetries: this.config.providers[provider]?.maxRetries ?? 0, signal: call.signal, requestId: call.scope.requestId };
    return retryAttempts(this.retry, retried, async () => {
      markServed(call.scope, candidate);
      const embedding = new EmbeddingAttempt(candidate.provider, request);
      await runAttempt({ ...chain, provider: embedding }, seen, context, () => undefined);
      if (!embedding.result) throw GatewayError.internal(`provider '${provider}' returned no embeddings`);
      return embedding.result;
    });
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
  return { model, input: [], ...plainRequestFields() };
}
