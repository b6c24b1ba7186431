import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConversationItem, GatewayError, NormalizedRequest, RequestScope, ResponseResource, knownCost, newId, scopeHeaders } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { ConversationStore, StoredResponse } from '@latticelm/conversations';
import { ClientAbortedError, ProviderEvent, ProviderRegistry, ProviderRequest } from '@latticelm/providers';
import { loadConversationHistory } from './conversation-history';
import { resolveItemReferences } from './item-references';
import { InvocationSink, ProviderInvoker } from './provider-invoker';
import { ResponseAssembler } from './response-assembler';
import { expandGatewayCompactions } from './compaction/gateway-compaction';
import type { EventWriter } from './event-writer';
import { buildEnvelope } from './response-envelope';

export interface CreateResponseContext {
  owner: string;
  /** aborted when the client disconnects */
  signal: AbortSignal;
  scope: RequestScope;
  /** a WebSocket connection's previous-response state (its store: false responses), consulted before the store */
  local?: LocalResponses;
}

/** Responses kept in memory for one client (a WebSocket connection): the whole context each one ends with. */
export interface LocalResponses {
  lookup(responseId: string): LocalResponse | undefined;
  remember(responseId: string, response: LocalResponse): void;
}

export interface LocalResponse {
  /** the context the response was made from, then its output: what a continuation starts with */
  items: ConversationItem[];
  /** responses in its chain, itself included (for conversations.max_chain_length) */
  chainLength: number;
}

/** A request whose item references were replaced by the items they name. */
type ResolvedRequest = Omit<NormalizedRequest, 'input'> & { input: ConversationItem[] };

interface Prepared {
  request: ResolvedRequest;
  assembler: ResponseAssembler;
  providerRequest: Omit<ProviderRequest, 'model'>;
  resolved: ReturnType<ProviderRegistry['resolve']>;
  store: boolean;
  /** the stored responses this one continues, newest first */
  history: StoredResponse[];
  /** the whole context as the client gave it (history, then the new input; compaction items unexpanded) */
  context: ConversationItem[];
  /** responses in the chain, this one included */
  chainLength: number;
}

/** POST /v1/responses: resolve, rebuild history, call the provider, assemble, store. */
@Injectable()
export class ResponsesService {
  private readonly logger = new Logger(ResponsesService.name);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: ProviderRegistry,
    private readonly invoker: ProviderInvoker,
    @Inject(ConversationStore) private readonly store: ConversationStore,
  ) {}

  async createJson(request: NormalizedRequest, context: CreateResponseContext): Promise<ResponseResource> {
    const prepared = await this.prepare(request, context, undefined);
    const { assembler } = prepared;
    await this.invoke(prepared, context, (event) => assembler.push(event));
    const response = withCost(assembler.complete(), context.scope);
    await this.save(prepared, context, response);
    return response;
  }

  /**
   * Streams the response as SSE. Until the provider yields its first event nothing is written, so a failure
   * before output still gets a proper HTTP status (and retries / fallbacks can run); after that, failures end
   * the stream with `response.failed`.
   */
  async createStream(request: NormalizedRequest, context: CreateResponseContext, sse: EventWriter): Promise<void> {
    const prepared = await this.prepare(request, context, sse);
    const { assembler } = prepared;
    const begin = () => {
      if (sse.started) return;
      sse.start(scopeHeaders(context.scope));
      assembler.start();
    };
    const onEvent = (event: ProviderEvent): Promise<void> | undefined => {
      begin();
      assembler.push(event);
      if (sse.needsDrain) return sse.drained();
      if (sse.closed) throw new ClientAbortedError();
      return undefined;
    };
    try {
      await this.invoke(prepared, context, onEvent);
      begin();
      const final = withCost(assembler.complete(), context.scope);
      await this.save(prepared, context, final);
      assembler.announce(final);
      sse.end();
    } catch (error) {
      if (error instanceof ClientAbortedError || context.signal.aborted) {
        sse.end();
        return;
      }
      const gatewayError = GatewayError.from(error);
      if (!sse.started) throw gatewayError;
      // Its 200 went out already: the access log and the metrics must still tell this stream failed.
      context.scope.streamFailed = true;
      if (gatewayError.status >= 500) this.logger.warn(`stream failed after output started: ${gatewayError.message}`, { request_id: context.scope.requestId });
      const failed = withCost(assembler.fail(gatewayError), context.scope);
      await this.save(prepared, context, failed).catch(() => undefined);
      assembler.announce(failed);
      sse.end();
    }
  }

  private async prepare(received: NormalizedRequest, context: CreateResponseContext, sse: EventWriter | undefined): Promise<Prepared> {
    const resolved = this.registry.resolve(received.model, received.provider);
    const newItems = await this.storeCall(() => resolveItemReferences(this.store, context.owner, received.input));
    const request: ResolvedRequest = { ...received, input: newItems };
    let input: ConversationItem[] = request.input;
    let history: StoredResponse[] = [];
    let chainLength = 1;
    const previousId = request.previousResponseId;
    const local = previousId ? context.local?.lookup(previousId) : undefined;
    if (local) {
      input = [...local.items, ...request.input];
      chainLength = local.chainLength + 1;
      this.checkLocalChain(local);
    } else if (previousId) {
      const loaded = await this.storeCall(() => loadConversationHistory(this.store, context.owner, previousId, this.config.conversations));
      input = [...loaded.items, ...request.input];
      history = loaded.chain;
      chainLength = loaded.chain.length + 1;
    }
    if (input.length === 0) throw GatewayError.invalidRequest('input', "'input' must not be empty", 'missing_required_parameter');
    const store = this.config.conversations.enabled && (request.store ?? this.config.conversations.storeByDefault);
    const envelope = buildEnvelope(newId('resp'), Math.floor(Date.now() / 1000), request, resolved.provider.name, store);
    const assembler = new ResponseAssembler(envelope, sse ? (event) => sse.write(event) : undefined);
    const { model: _model, provider: _provider, previousResponseId: _previous, input: _input, ...rest } = request;
    const { scope } = context;
    const onDroppedParameters = (params: string[]) => {
      scope.droppedParameters = [...new Set([...(scope.droppedParameters ?? []), ...params])];
    };
    return {
      request,
      assembler,
      resolved,
      store,
      history,
      context: input,
      chainLength,
      // The gateway's own compaction items become their summary here, whichever provider serves the turn.
      providerRequest: { ...rest, input: expandGatewayCompactions(input), onDroppedParameters },
    };
  }

  /** The store's limits, applied to a chain held in a connection's memory. */
  private checkLocalChain(local: LocalResponse): void {
    const limits = this.config.conversations;
    if (local.chainLength > limits.maxChainLength || local.items.length > limits.maxItems) {
      throw GatewayError.invalidRequest(
        'previous_response_id',
        `the conversation is longer than conversations.max_chain_length (${limits.maxChainLength}) or max_items (${limits.maxItems}); start a new one`,
        'conversation_too_long',
      );
    }
  }

  private invoke(prepared: Prepared, context: CreateResponseContext, event: InvocationSink['event']): Promise<void> {
    const { assembler } = prepared;
    const { scope } = context;
    return this.invoker.invoke(prepared.resolved, prepared.providerRequest, context.signal, {
      scope,
      onAttempt: (provider, model) => {
        scope.provider = provider;
        scope.model = model;
        assembler.setServedBy(provider, model);
      },
      hasOutput: () => assembler.hasOutput,
      event,
    });
  }

  private async save(prepared: Prepared, context: CreateResponseContext, response: ResponseResource): Promise<void> {
    // Only what the store does not keep: a stored chain is read from the store, which also moves its expiry.
    if (context.local && !prepared.store && response.status !== 'failed') {
      context.local.remember(response.id, { items: [...prepared.context, ...response.output], chainLength: prepared.chainLength });
    }
    if (!prepared.store) return;
    const { owner } = context;
    const now = Date.now();
    const expiresAt = now + this.config.conversations.ttlMs;
    const record: StoredResponse = {
      id: response.id,
      owner,
      previousResponseId: prepared.request.previousResponseId ?? null,
      model: response.model,
      provider: response.provider ?? prepared.resolved.provider.name,
      status: response.status,
      input: prepared.request.input,
      output: response.output,
      response,
      createdAt: now,
      expiresAt,
    };
    const { history } = prepared;
    // The chain's expiry moves while the new record is written, not one round trip after it.
    await this.storeCall(() =>
      history.length > 0 ? Promise.all([this.store.save(record), this.store.extendExpiry(owner, history, expiresAt)]).then(() => undefined) : this.store.save(record),
    );
  }

  /** A store failure is the gateway's problem, not the client's: 503 with a clear message, and the process lives on. */
  async storeCall<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof GatewayError) throw error;
      this.logger.error(`conversation store (${this.store.kind}) failed: ${error instanceof Error ? error.message : String(error)}`);
      throw new GatewayError({
        status: 503,
        type: 'service_unavailable',
        code: 'conversation_store_unavailable',
        message: `the conversation store (${this.store.kind}) is unavailable; try again shortly`,
        retryable: true,
        retryAfter: 1,
        origin: 'gateway',
      });
    }
  }
}

/** The cost the attempts added up to, on the terminal response (and so on the stream's last event and in the store). */
function withCost(response: ResponseResource, scope: RequestScope): ResponseResource {
  const cost = knownCost(scope);
  if (cost !== undefined) response.cost_usd = cost;
  return response;
}
