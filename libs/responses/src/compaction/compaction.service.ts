import { Inject, Injectable } from '@nestjs/common';
import { CompactResource, ConversationItem, GatewayError, NormalizedCompactRequest, newId } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { ConversationStore } from '@latticelm/conversations';
import { ProviderRegistry, ProviderRequest, ProviderUsage, ResolvedModel, isConversationCompactor, plainRequestFields } from '@latticelm/providers';
import { loadConversationHistory } from '../conversation-history';
import { resolveItemReferences } from '../item-references';
import { ProviderInvoker } from '../provider-invoker';
import { CreateResponseContext, ResponsesService } from '../responses.service';
import { COMPACTION_INSTRUCTIONS, expandGatewayCompactions, toCompactedWindow, toCompactionTranscript } from './gateway-compaction';

/**
 * POST /v1/responses/compact. A vendor with its own compaction (OpenAI, Azure OpenAI) is asked directly; for the
 * others the gateway asks the same model for a summary through the usual provider chain (retries, fallbacks,
 * breaker, metrics) and returns the user messages followed by one gateway compaction item.
 */
@Injectable()
export class CompactionService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: ProviderRegistry,
    private readonly invoker: ProviderInvoker,
    private readonly responses: ResponsesService,
    @Inject(ConversationStore) private readonly store: ConversationStore,
  ) {}

  async compact(request: NormalizedCompactRequest, context: CreateResponseContext): Promise<CompactResource> {
    const resolved = this.registry.resolve(request.model, request.provider);
    const items = await this.conversation(request, context.owner);
    if (items.length === 0) throw GatewayError.invalidRequest('input', "'input' must not be empty", 'missing_required_parameter');
    const createdAt = Math.floor(Date.now() / 1000);
    const { provider } = resolved;
    if (isConversationCompactor(provider)) {
      context.scope.provider = provider.name;
      context.scope.model = resolved.model;
      const compacted = await provider.compact(
        { model: resolved.providerModelId, input: expandGatewayCompactions(items), instructions: request.instructions, promptCacheKey: request.promptCacheKey },
        context.signal,
      );
      return resource(createdAt, compacted.output, compacted.usage);
    }
    const { summary, usage } = await this.summarize(resolved, request, items, context);
    return resource(createdAt, toCompactedWindow(items, summary), usage);
  }

  private async conversation(request: NormalizedCompactRequest, owner: string): Promise<ConversationItem[]> {
    const input = await this.responses.storeCall(() => resolveItemReferences(this.store, owner, request.input));
    if (!request.previousResponseId) return input;
    const previous = request.previousResponseId;
    const history = await this.responses.storeCall(() => loadConversationHistory(this.store, owner, previous, this.config.conversations));
    return [...history.items, ...input];
  }

  private async summarize(resolved: ResolvedModel, request: NormalizedCompactRequest, items: ConversationItem[], context: CreateResponseContext) {
    const transcript = toCompactionTranscript(expandGatewayCompactions(items), resolved.provider.name);
    const instructions = request.instructions ? `${COMPACTION_INSTRUCTIONS}\n\nThe conversation's own instructions were:\n${request.instructions}` : COMPACTION_INSTRUCTIONS;
    const providerRequest: Omit<ProviderRequest, 'model'> = {
      input: [{ type: 'message', id: newId('msg'), status: 'completed', role: 'user', content: [{ type: 'input_text', text: transcript }] }],
      instructions,
      ...plainRequestFields(),
      promptCacheKey: request.promptCacheKey,
    };
    let summary = '';
    let usage: Partial<ProviderUsage> = {};
    const { scope } = context;
    await this.invoker.invoke(resolved, providerRequest, context.signal, {
      scope,
      onAttempt: (provider, model) => {
        scope.provider = provider;
        scope.model = model;
        summary = '';
        usage = {};
      },
      // Nothing reaches the client before the summary is whole, so a retry or fallback is always safe.
      hasOutput: () => false,
      event: (event) => {
        if (event.type === 'text.delta') summary += event.delta;
        else if (event.type === 'usage') {
          for (const [key, value] of Object.entries(event.usage) as [keyof ProviderUsage, number | undefined][]) if (typeof value === 'number') usage[key] = value;
        }
      },
    });
    if (summary.trim() === '') {
      throw new GatewayError({ status: 502, type: 'model_error', code: 'upstream_error', message: `${resolved.provider.name}: the model returned no summary to compact into`, retryable: true, origin: 'upstream' });
    }
    return { summary, usage: { inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0, ...usage } };
  }
}

function resource(createdAt: number, output: ConversationItem[], usage: ProviderUsage): CompactResource {
  return {
    id: newId('resp'),
    object: 'response.compaction',
    created_at: createdAt,
    output,
    usage: {
      input_tokens: usage.inputTokens,
      output_tokens: usage.outputTokens,
      total_tokens: usage.inputTokens + usage.outputTokens,
      input_tokens_details: { cached_tokens: usage.cachedTokens },
      output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    },
  };
}
