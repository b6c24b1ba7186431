import OpenAI from 'openai';
import type { InputTokenCountParams } from 'openai/resources/responses/input-tokens';
import type { ProviderConfig } from '@latticelm/config';
import type { InputTokenCounter } from '../input-token-counter';
import type { ConversationCompactor, ProviderCompactRequest, ProviderCompaction } from '../conversation-compactor';
import type { Embedder, ProviderEmbeddingRequest, ProviderEmbeddings } from '../embedder';
import { Provider, ProviderFactory, ProviderFactoryContext, ProviderRequest } from '../provider';
import type { ProviderEvent } from '../provider-event';
import { applyParameterPolicy, findUnsupportedParameters } from '../reject-unsupported-parameters';
import { OpenAIChatCompletionsProvider } from './chat-completions/openai-chat-completions.provider';
import { fromOpenAICompaction } from './from-openai-compaction';
import { fromOpenAIEmbeddings } from './from-openai-embeddings';
import { mapOpenAIError } from './openai-error';
import { OpenAIStreamTransformer, fromOpenAIResponse } from './openai-stream-transformer';
import { OPENAI_MAX_EMBEDDING_INPUTS, toOpenAIEmbeddingRequest } from './to-openai-embedding-request';
import { toOpenAIInput, toOpenAIRequest } from './to-openai-request';

/** OpenAI and every server that speaks its Responses API (vLLM, Ollama, proxies) through `endpoint`; `api: chat_completions` is the sibling provider. */
export class OpenAIProvider extends Provider implements ConversationCompactor, Embedder, InputTokenCounter {
  readonly name: string;
  readonly type: ProviderConfig['type'];

  constructor(config: ProviderConfig, private readonly client: OpenAI) {
    super();
    this.name = config.name;
    this.type = config.type;
  }

  async *generate(original: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    // The Responses API has neither top-k sampling, stop sequences nor a seed (other front doors may carry them).
    const request = applyParameterPolicy(original, this.name, findUnsupportedParameters(original, { topK: true, stopSequences: true, seed: true, passesOpenAIFields: true }));
    const params = toOpenAIRequest(request);
    try {
      if (!request.stream) {
        const response = await this.client.responses.create({ ...params, stream: false }, { signal });
        yield* fromOpenAIResponse(response);
        return;
      }
      const stream = await this.client.responses.create({ ...params, stream: true }, { signal });
      const transformer = new OpenAIStreamTransformer(this.name);
      for await (const event of stream) yield* transformer.transform(event);
    } catch (error) {
      throw mapOpenAIError(this.name, error, signal);
    }
  }

  /** POST /responses/compact: the vendor returns its compacted window (user messages, then one encrypted item). */
  async compact(request: ProviderCompactRequest, signal: AbortSignal): Promise<ProviderCompaction> {
    try {
      const compacted = await this.client.responses.compact(
        {
          model: request.model,
          input: toOpenAIInput(request.input),
          ...(request.instructions !== undefined ? { instructions: request.instructions } : {}),
          ...(request.promptCacheKey !== undefined ? { prompt_cache_key: request.promptCacheKey } : {}),
        },
        { signal },
      );
      return fromOpenAICompaction(this.name, compacted);
    } catch (error) {
      throw mapOpenAIError(this.name, error, signal);
    }
  }

  readonly acceptsTokens = true;

  maxInputsPerCall(): number {
    return OPENAI_MAX_EMBEDDING_INPUTS;
  }

  /** POST /embeddings (Azure: /openai/deployments/D/embeddings, the SDK's deployment path for `model`). */
  async embed(request: ProviderEmbeddingRequest, signal: AbortSignal): Promise<ProviderEmbeddings> {
    try {
      return fromOpenAIEmbeddings(await this.client.embeddings.create(toOpenAIEmbeddingRequest(request), { signal }));
    } catch (error) {
      throw mapOpenAIError(this.name, error, signal);
    }
  }

  /** POST /responses/input_tokens with the fields that shape the input (not the output's limits or sampling). */
  async countInputTokens(request: ProviderRequest, signal: AbortSignal): Promise<number> {
    const { model, input, instructions, tools, tool_choice, parallel_tool_calls, reasoning, text, truncation } = toOpenAIRequest(request);
    try {
      const counted = await this.client.responses.inputTokens.count(
        { model, input, instructions, tools, tool_choice, parallel_tool_calls, reasoning, text, truncation } as InputTokenCountParams,
        { signal },
      );
      return counted.input_tokens;
    } catch (error) {
      throw mapOpenAIError(this.name, error, signal);
    }
  }
}

export function openAIClientOptions(config: ProviderConfig, context: ProviderFactoryContext) {
  return {
    apiKey: config.apiKey ?? 'unset',
    timeout: config.requestTimeoutMs,
    // Retries happen once, in the gateway's retry layer, so the SDK must not multiply them.
    maxRetries: 0,
    fetch: context.fetch,
  };
}

export const openAIProviderFactory: ProviderFactory = {
  type: 'openai',
  create(config, context) {
    const client = new OpenAI({ ...openAIClientOptions(config, context), baseURL: config.endpoint ?? 'https://api.openai.com/v1' });
    if (config.api === 'chat_completions') {
      return new OpenAIChatCompletionsProvider(config, client);
    }
    return new OpenAIProvider(config, client);
  },
};
