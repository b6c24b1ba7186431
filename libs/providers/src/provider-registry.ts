import { Inject, Injectable, Logger } from '@nestjs/common';
import { GatewayError } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig, ModelConfig, ProviderConfig, ProviderType, UnsupportedParameterPolicy } from '@latticelm/config';
import { Provider } from './provider';
import { PROVIDER_FACTORY_LOADERS } from './provider-factories';
import { createUpstreamFetch } from './upstream-fetch';

export interface ResolvedModel {
  /** the name the client asked for */
  model: string;
  provider: Provider;
  /** the vendor's id (provider_model_id, or the name itself) */
  providerModelId: string;
  /** configured fallbacks, in order */
  fallbacks: string[];
  maxOutputTokens?: number;
  /** models[].unsupported_parameters, else the provider's */
  unsupportedParameters: UnsupportedParameterPolicy;
}

export interface ListedModel {
  id: string;
  provider: string;
  providerType: ProviderType;
  providerModelId: string;
}

/** Model-name prefixes that route without a `models` entry (seed behaviour), each with a name it routes. */
const PREFIX_ROUTES: readonly { test: RegExp; type: ProviderType; example: string }[] = [
  { test: /^(gpt-|o1|o3|o4|chatgpt-)/, type: 'openai', example: 'gpt-4o-mini' },
  { test: /^claude-/, type: 'anthropic', example: 'claude-sonnet-4-6' },
  { test: /^gemini-/, type: 'google', example: 'gemini-2.5-flash' },
  // embedding models: Google's text-embedding-004/005 before OpenAI's text-embedding-3-small, -ada-002
  { test: /^text-embedding-00\d/, type: 'google', example: 'text-embedding-004' },
  { test: /^text-embedding-/, type: 'openai', example: 'text-embedding-3-small' },
];

/** When nothing can serve, the example is still the README's. */
const DEFAULT_EXAMPLE_MODEL = 'gpt-4o-mini';

const API_KEY_VARIABLES: Partial<Record<ProviderType, string>> = {
  openai: 'OPENAI_API_KEY',
  azureopenai: 'AZURE_OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  azureanthropic: 'AZURE_ANTHROPIC_API_KEY',
  google: 'GOOGLE_API_KEY',
};

/** Vertex AI signs in with Google credentials; an OpenAI-compatible server at a custom endpoint may need no key. */
function needsApiKey(config: ProviderConfig): boolean {
  if (config.type === 'vertexai') return false;
  if (config.type === 'openai' && config.endpoint && !config.endpoint.includes('api.openai.com')) return false;
  return true;
}

const SETUP_HINT =
  'Configure providers in config.yaml (see config.example.yaml) or set OPENAI_API_KEY, ANTHROPIC_API_KEY, ' +
  'GOOGLE_API_KEY, AZURE_OPENAI_API_KEY + AZURE_OPENAI_ENDPOINT, AZURE_ANTHROPIC_API_KEY + AZURE_ANTHROPIC_ENDPOINT ' +
  'or GOOGLE_CLOUD_PROJECT + GOOGLE_CLOUD_LOCATION.';

/** Builds every configured provider once at start-up and resolves model names to them. */
@Injectable()
export class ProviderRegistry {
  private readonly logger = new Logger(ProviderRegistry.name);
  private readonly providers = new Map<string, Provider>();
  private readonly models = new Map<string, ModelConfig>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {
    const context = { fetch: createUpstreamFetch() };
    for (const providerConfig of Object.values(config.providers)) {
      const factory = Object.hasOwn(PROVIDER_FACTORY_LOADERS, providerConfig.type) ? PROVIDER_FACTORY_LOADERS[providerConfig.type]() : undefined;
      if (!factory) {
        this.logger.error(`provider "${providerConfig.name}": type ${providerConfig.type} is not available in this build`);
        continue;
      }
      this.providers.set(providerConfig.name, factory.create(providerConfig, context));
      if (needsApiKey(providerConfig) && !providerConfig.apiKey) {
        this.logger.warn(
          `provider "${providerConfig.name}" (${providerConfig.type}) has no api_key: the vendor will refuse its requests. ` +
            `Set providers.${providerConfig.name}.api_key (e.g. "\${${API_KEY_VARIABLES[providerConfig.type] ?? 'API_KEY'}}").`,
        );
      }
    }
    for (const model of config.models) this.models.set(model.name, model);
    if (this.providers.size === 0) this.logger.warn(`no providers configured. ${SETUP_HINT}`);
  }

  get(name: string): Provider | undefined {
    return this.providers.get(name);
  }

  all(): Provider[] {
    return [...this.providers.values()];
  }

  resolve(model: string, explicitProvider?: string): ResolvedModel {
    const configured = this.models.get(model);
    if (explicitProvider !== undefined) {
      const provider = this.providers.get(explicitProvider);
      if (!provider) {
        throw GatewayError.invalidRequest(
          'provider',
          `provider '${explicitProvider}' is not configured (configured: ${this.providerNames()})`,
          'provider_not_found',
        );
      }
      const sameProvider = configured?.provider === explicitProvider ? configured : undefined;
      return this.resolved(model, provider, sameProvider);
    }
    if (configured) {
      const provider = this.providers.get(configured.provider);
      if (!provider) throw GatewayError.internal(`model '${model}' names provider '${configured.provider}', which failed to start`);
      return this.resolved(model, provider, configured);
    }
    const route = PREFIX_ROUTES.find((candidate) => candidate.test.test(model));
    if (route) {
      const provider = this.providerOfType(route.type);
      if (provider) return this.resolved(model, provider, undefined);
      throw GatewayError.notFound(
        `The model '${model}' routes to a provider of type '${route.type}', which is not configured. ${SETUP_HINT}`,
        'model_not_found',
        'model',
      );
    }
    throw GatewayError.notFound(
      `The model '${model}' does not exist or is not configured. Configured models: ${this.modelNames()}.` +
        (this.providers.size === 0 ? ` ${SETUP_HINT}` : ''),
      'model_not_found',
      'model',
    );
  }

  /** A model name this gateway serves, for examples (the API reference): the first configured, else one routed by prefix. */
  exampleModel(): string {
    if (this.config.models.length > 0) return this.config.models[0].name;
    return PREFIX_ROUTES.find((route) => this.providerOfType(route.type))?.example ?? DEFAULT_EXAMPLE_MODEL;
  }

  listModels(): ListedModel[] {
    return this.config.models.map((model) => ({
      id: model.name,
      provider: model.provider,
      providerType: this.config.providers[model.provider].type,
      providerModelId: model.providerModelId,
    }));
  }

  private resolved(model: string, provider: Provider, configured: ModelConfig | undefined): ResolvedModel {
    return {
      model,
      provider,
      providerModelId: configured?.providerModelId ?? model,
      fallbacks: configured?.fallbacks ?? [],
      maxOutputTokens: configured?.maxOutputTokens,
      unsupportedParameters: configured?.unsupportedParameters ?? this.config.providers[provider.name]?.unsupportedParameters ?? 'reject',
    };
  }

  private providerOfType(type: ProviderType): Provider | undefined {
    const sameName = this.providers.get(type);
    if (sameName?.type === type) return sameName;
    return this.all().find((provider) => provider.type === type);
  }

  private providerNames(): string {
    return this.providers.size ? [...this.providers.keys()].join(', ') : 'none';
  }

  private modelNames(): string {
    return this.models.size ? [...this.models.keys()].join(', ') : 'none';
  }
}
