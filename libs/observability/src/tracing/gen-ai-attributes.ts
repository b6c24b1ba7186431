import type { Attributes } from '@opentelemetry/api';
import type { ProviderType } from '@latticelm/config';
import type { ProviderRequest, ProviderUsage } from '@latticelm/providers';

/**
 * `gen_ai.provider.name` values from the OpenTelemetry GenAI semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/): "openai", "azure.ai.openai", "anthropic",
 * "gcp.gemini", "gcp.vertex_ai". Azure-hosted Claude speaks Anthropic's API, so it reports "anthropic".
 */
const GEN_AI_PROVIDER: Record<ProviderType, string> = {
  openai: 'openai',
  azureopenai: 'azure.ai.openai',
  anthropic: 'anthropic',
  azureanthropic: 'anthropic',
  google: 'gcp.gemini',
  vertexai: 'gcp.vertex_ai',
};

/**
 * Attribute names as in the GenAI conventions (https://github.com/open-telemetry/semantic-conventions-genai), the
 * ones @opentelemetry/semantic-conventions 1.45 lists: gen_ai.request.stream, gen_ai.usage.reasoning.output_tokens,
 * gen_ai.response.time_to_first_chunk. The Responses API is a chat-style call in the conventions' terms.
 */
export const GEN_AI_OPERATION = 'chat';

export function genAiRequestAttributes(type: ProviderType, providerName: string, request: ProviderRequest): Attributes {
  const system = GEN_AI_PROVIDER[type];
  const attributes: Attributes = {
    'gen_ai.operation.name': GEN_AI_OPERATION,
    'gen_ai.provider.name': system,
    // the attribute before semconv 1.37 renamed it; many backends still group by it
    'gen_ai.system': system,
    'gen_ai.request.model': request.model,
    'gen_ai.request.stream': request.stream,
    'latticelm.provider': providerName,
    'latticelm.stream': request.stream,
  };
  if (request.maxOutputTokens !== undefined) attributes['gen_ai.request.max_tokens'] = request.maxOutputTokens;
  if (request.temperature !== undefined) attributes['gen_ai.request.temperature'] = request.temperature;
  if (request.topP !== undefined) attributes['gen_ai.request.top_p'] = request.topP;
  return attributes;
}

export function genAiResponseAttributes(model: string | undefined, usage: ProviderUsage | undefined, finish: string | undefined): Attributes {
  const attributes: Attributes = {};
  if (model !== undefined) attributes['gen_ai.response.model'] = model;
  if (finish !== undefined) attributes['gen_ai.response.finish_reasons'] = [finish];
  if (usage) {
    attributes['gen_ai.usage.input_tokens'] = usage.inputTokens;
    attributes['gen_ai.usage.output_tokens'] = usage.outputTokens;
    if (usage.cachedTokens > 0) attributes['gen_ai.usage.cache_read.input_tokens'] = usage.cachedTokens;
    if (usage.reasoningTokens > 0) attributes['gen_ai.usage.reasoning.output_tokens'] = usage.reasoningTokens;
  }
  return attributes;
}
