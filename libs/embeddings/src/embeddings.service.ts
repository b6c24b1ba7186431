import { Injectable } from '@nestjs/common';
import { GatewayError } from '@latticelm/api';
import { ProviderRegistry, isEmbedder } from '@latticelm/providers';
import { EmbeddingsCall, EmbeddingsInvoker } from './embeddings-invoker';
import { EmbeddingsResponse, toEmbeddingsResponse } from './embeddings-response';
import type { NormalizedEmbeddingsRequest } from './normalize-embeddings-request';

/** POST /v1/embeddings: route like a response, refuse what the provider cannot embed, invoke, answer in OpenAI's shape. */
@Injectable()
export class EmbeddingsService {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly invoker: EmbeddingsInvoker,
  ) {}

  async create(request: NormalizedEmbeddingsRequest, call: EmbeddingsCall): Promise<EmbeddingsResponse> {
    const resolved = this.registry.resolve(request.model, request.provider);
    const { provider } = resolved;
    const param = request.provider !== undefined ? 'provider' : 'model';
    if (!isEmbedder(provider)) {
      throw GatewayError.invalidRequest(param, `provider '${provider.name}' (${provider.type}) has no embeddings; use a model on a provider that has them`, 'unsupported_model');
    }
    if (typeof request.input[0] !== 'string' && !provider.acceptsTokens) {
      throw GatewayError.invalidRequest('input', `provider '${provider.name}' (${provider.type}) embeds text only, not token arrays`, 'unsupported_parameter');
    }
    const { dimensions, encoding, user, input } = request;
    const served = await this.invoker.invoke(resolved, { input, dimensions, encoding, user }, call);
    return toEmbeddingsResponse(served.vectors, encoding, served.served.model, served.inputTokens);
  }
}
