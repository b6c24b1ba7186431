import { Injectable } from '@nestjs/common';
import { GatewayError } from '@latticelm/api';
import { ProviderRegistry, isInputTokenCounter } from '@latticelm/providers';
import type { CreateResponseContext } from '@latticelm/responses';
import type { MessagesRequest } from './normalize-messages-request';

/**
 * POST /v1/messages/count_tokens: the vendor counts the request as `generate` would send it (system prompt,
 * tools, messages). Anthropic, Gemini/Vertex and OpenAI/Azure count through their SDKs; a provider without a
 * counting API is a 400 naming it.
 */
@Injectable()
export class CountTokensService {
  constructor(private readonly registry: ProviderRegistry) {}

  async count(request: MessagesRequest, context: Omit<CreateResponseContext, 'local'>): Promise<{ input_tokens: number }> {
    const resolved = this.registry.resolve(request.model, request.provider);
    const { provider } = resolved;
    if (!isInputTokenCounter(provider)) {
      throw GatewayError.invalidRequest('model', `provider '${provider.name}' (${provider.type}) cannot count tokens`, 'unsupported_parameter');
    }
    const { scope } = context;
    scope.provider = provider.name;
    scope.model = resolved.model;
    const { model: _model, provider: _provider, previousResponseId: _previous, input, ...rest } = request;
    const inputTokens = await provider.countInputTokens(
      {
        ...rest,
        input,
        model: resolved.providerModelId,
        defaultMaxOutputTokens: resolved.maxOutputTokens,
        unsupportedParameters: resolved.unsupportedParameters,
        onDroppedParameters: (params) => {
          scope.droppedParameters = [...new Set([...(scope.droppedParameters ?? []), ...params])];
        },
      },
      context.signal,
    );
    return { input_tokens: inputTokens };
  }
}
