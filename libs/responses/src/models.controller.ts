import { Controller, Get } from '@nestjs/common';
import { ProviderRegistry } from '@latticelm/providers';

/** GET /v1/models in the list shape the `openai` SDK's models.list() reads, plus the seed's `provider`. */
@Controller('v1/models')
export class ModelsController {
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(private readonly registry: ProviderRegistry) {}

  @Get()
  list() {
    return {
      object: 'list',
      data: this.registry.listModels().map((model) => ({
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
