import Anthropic from '@anthropic-ai/sdk';
import type { ProviderFactory } from '../provider';
import { AnthropicProvider, anthropicClientOptions } from '../anthropic/anthropic.provider';

/**
 * Claude in Microsoft Foundry through the same SDK and converters; only the client differs. Foundry serves the
 * Messages API at `https://<resource>.services.ai.azure.com/anthropic/v1/messages` and takes the resource key in
 * `x-api-key`, as the vendor's `@anthropic-ai/foundry-sdk` sends it (base URL `…/anthropic/`, "x-api-key on
 * Foundry"). https://platform.claude.com/docs/en/build-with-claude/claude-in-microsoft-foundry
 * The deployment name travels as `model` (provider_model_id).
 */
export const azureAnthropicProviderFactory: ProviderFactory = {
  type: 'azureanthropic',
  create(config, context) {
    const client = new Anthropic({
      ...anthropicClientOptions(config, context),
      baseURL: foundryBaseUrl(config.endpoint),
      // SDK 1.x sends `apiKey` as `Authorization: Bearer`, which Foundry reads as a Microsoft Entra token; the
      // key goes in `x-api-key` instead and the bearer header is removed (null drops a default header).
      defaultHeaders: { 'x-api-key': config.apiKey ?? 'unset', authorization: null },
    });
    return new AnthropicProvider(config, client);
  },
};

/**
 * Accepts the resource endpoint in the forms people paste — `https://r.services.ai.azure.com`, `…/anthropic`,
 * `…/anthropic/v1/messages` — and returns the base the SDK appends `/v1/messages` to.
 */
export function foundryBaseUrl(endpoint: string | undefined): string {
  if (!endpoint) throw new Error('azureanthropic needs an endpoint (https://<resource>.services.ai.azure.com/anthropic)');
  const base = endpoint.replace(/\/+$/, '').replace(/\/v1(\/messages)?$/, '');
  return base.endsWith('/anthropic') ? base : `${base}/anthropic`;
}
