import type { NormalizedRequest, ResponseResource } from '@latticelm/api';

/** The request-echo part of a ResponseResource: everything but status, output, usage and error. */
export type ResponseEnvelope = Omit<ResponseResource, 'status' | 'output' | 'usage' | 'error' | 'incomplete_details' | 'completed_at'>;

export function buildEnvelope(
  id: string,
  createdAt: number,
  request: NormalizedRequest,
  providerName: string,
  store: boolean,
): ResponseEnvelope {
  return {
    id,
    object: 'response',
    created_at: createdAt,
    model: request.model,
    previous_response_id: request.previousResponseId ?? null,
    instructions: request.instructions ?? null,
    tools: request.tools,
    tool_choice: request.hostedToolChoice ?? request.toolChoice,
    truncation: request.truncation,
    parallel_tool_calls: request.parallelToolCalls ?? true,
    text: { format: request.textFormat, ...(request.textVerbosity ? { verbosity: request.textVerbosity } : {}) },
    top_p: request.topP ?? 1,
    presence_penalty: request.presencePenalty ?? 0,
    frequency_penalty: request.frequencyPenalty ?? 0,
    top_logprobs: 0,
    temperature: request.temperature ?? 1,
    reasoning: request.reasoning
      ? { effort: request.reasoning.effort ?? null, summary: request.reasoning.summary ?? null }
      : null,
    max_output_tokens: request.maxOutputTokens ?? null,
    max_tool_calls: request.maxToolCalls ?? null,
    store,
    background: false,
    service_tier: 'default',
    metadata: request.metadata,
    safety_identifier: request.safetyIdentifier ?? null,
    prompt_cache_key: request.promptCacheKey ?? null,
    provider: providerName,
    user: request.user ?? null,
  };
}
