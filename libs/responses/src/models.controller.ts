import { Controller, Get, Req } from '@nestjs/common';
import { RequestWithPrincipal, modelMatcher } from '@latticelm/api';
import { ProviderRegistry } from '@latticelm/providers';

/**
 * GET /v1/models in the list shape the `openai` SDK's models.list() reads, plus the seed's `provider`. A caller
 * with an API key that names its models sees only those.
 */
@Controller('v1/models')
export class ModelsController {
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(private readonly registry: ProviderRegistry) {}

  @Get()
  list(@Req() req: RequestWithPrincipal) {
    const allowed = req.principal?.apiKey?.models;
    const allows = allowed?.length ? modelMatcher(allowed) : undefined;
    const models = this.registry.listModels();
    return {
      object: 'list',
      data: (allows ? models.filter((model) => allows(model.id)) : models).map((model) => ({
        id: model.id,
        object: 'model',
        created: this.created,
        owned_by: model.provider,
        provider: model.provider,
        provider_type: model.providerType,
      })),
    };
  }
}
