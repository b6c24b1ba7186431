/* eslint-disable @typescript-eslint/no-require-imports -- each vendor's module (and its SDK) loads only when a provider of its type is configured: a gateway in front of OpenAI alone does not load the Anthropic and Google SDKs */
import type { ProviderType } from '@latticelm/config';
import type { ProviderFactory } from './provider';

/** Every provider type this build can serve; the only list of vendors outside their own folders and config. */
export const PROVIDER_FACTORY_LOADERS: Readonly<Record<ProviderType, () => ProviderFactory>> = {
  openai: () => (require('./openai/openai.provider') as typeof import('./openai/openai.provider')).openAIProviderFactory,
  azureopenai: () => (require('./azure-openai/azure-openai.provider') as typeof import('./azure-openai/azure-openai.provider')).azureOpenAIProviderFactory,
  anthropic: () => (require('./anthropic/anthropic.provider') as typeof import('./anthropic/anthropic.provider')).anthropicProviderFactory,
  azureanthropic: () =>
    (require('./azure-anthropic/azure-anthropic.provider') as typeof import('./azure-anthropic/azure-anthropic.provider')).azureAnthropicProviderFactory,
  google: () => (require('./google/google.provider') as typeof import('./google/google.provider')).googleProviderFactory,
  vertexai: () => (require('./vertex-ai/vertex-ai.provider') as typeof import('./vertex-ai/vertex-ai.provider')).vertexAIProviderFactory,
};
