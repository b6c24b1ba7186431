import { AzureOpenAI } from 'openai';
import type { ProviderFactory } from '../provider';
import { OpenAIProvider, openAIClientOptions } from '../openai/openai.provider';

/** Responses API on Azure OpenAI: api-version 2025-03-01-preview and later serve /openai/responses. */
export const DEFAULT_AZURE_OPENAI_API_VERSION = '2025-04-01-preview';

/**
 * Azure OpenAI through the same SDK and converters; only the client differs: `api-key` header, the resource
 * endpoint and `api-version`. The deployment name travels as `model` (provider_model_id).
 */
export const azureOpenAIProviderFactory: ProviderFactory = {
  type: 'azureopenai',
  create(config, context) {
    const client = new AzureOpenAI({
      ...openAIClientOptions(config, context),
      endpoint: config.endpoint,
      apiVersion: config.apiVersion ?? DEFAULT_AZURE_OPENAI_API_VERSION,
    });
    return new OpenAIProvider(config, client);
  },
};
