import type { Response } from 'openai/resources/responses/responses';
import type { FinishReason } from '../provider-event';

/** https://platform.openai.com/docs/api-reference/responses/object — status and incomplete_details.reason. */
export function mapOpenAIFinish(response: Pick<Response, 'status' | 'incomplete_details' | 'output'>): FinishReason {
  if (response.status === 'incomplete') {
    return response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'max_output_tokens';
  }
  return response.output?.some((item) => item.type === 'function_call') ? 'tool_calls' : 'stop';
}
