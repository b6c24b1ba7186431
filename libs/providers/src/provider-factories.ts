import type { ProviderFactory } from './provider';
import { anthropicProviderFactory } from './anthropic/anthropic.provider';
import { azureAnthropicProviderFactory } from './azure-anthropic/azure-anthropic.provider';
import { azureOpenAIProviderFactory } from './azure-openai/azure-openai.provider';
import { googleProviderFactory } from './google/google.provider';
import { openAIProviderFactory } from './openai/openai.provider';
import { vertexAIProviderFactory } from './vertex-ai/vertex-ai.provider';

/** Every provider type this build can serve; the only list of vendors outside their own folders and config. */
export const PROVIDER_FACTORIES: readonly ProviderFactory[] = [openAIProviderFactory, azureOpenAIProviderFactory, anthropicProviderFactory, azureAnthropicProviderFactory, googleProviderFactory, vertexAIProviderFactory];
