import type { Provider, ProviderRequest } from './provider';

/**
 * An optional capability: the vendor counts a request's input tokens without generating (Anthropic's
 * messages.countTokens, Gemini's models.countTokens, OpenAI's responses.inputTokens.count). The request is the
 * one `generate` would get, so the count covers what would be sent: system prompt, tools and messages.
 */
export interface InputTokenCounter {
  countInputTokens(request: ProviderRequest, signal: AbortSignal): Promise<number>;
}

export function isInputTokenCounter(provider: Provider): provider is Provider & InputTokenCounter {
  return typeof (provider as Partial<InputTokenCounter>).countInputTokens === 'function';
}
