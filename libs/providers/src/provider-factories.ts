import type { ProviderFactory } from './provider';
import { azureOpenAIProviderFactory } from './azure-openai/azure-openai.provider';
import { openAIProviderFactory } from './openai/openai.provider';

/** Every provider type this build can serve; the only list of vendors outside their own folders and config. */
export const PROVIDER_FACTORIES: readonly ProviderFactory[] = [openAIProviderFactory, azureOpenAIProviderFactory];
