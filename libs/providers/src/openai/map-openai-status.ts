import type { Response } from 'openai/resources/responses/responses';
import type { FinishReason } from '../provider-event';

/**
 * https://platform.openai.com/docs/api-reference/responses/object — status and incomplete_details.reason.
 * Both switches are exhaustive over the SDK's unions, so a status or reason added by an SDK upgrade fails to
 * compile here until it is mapped.
 */
export function mapOpenAIFinish(response: Pick<Response, 'status' | 'incomplete_details' | 'output'>): FinishReason {
  const status = response.status;
  switch (status) {
    case 'incomplete':
      return mapIncompleteReason(response.incomplete_details?.reason);
    case 'completed':
    // the terminal events and a whole response are the only callers; anything else ends the turn as it stands
    case 'failed':
    case 'cancelled':
    case 'in_progress':
    case 'queued':
    case undefined:
      return endedTurn(response);
    default: {
      // a status newer than this SDK's types still ends the turn
      const _exhaustive: never = status;
      void _exhaustive;
      return endedTurn(response);
    }
  }
}

function mapIncompleteReason(reason: NonNullable<Response['incomplete_details']>['reason']): FinishReason {
  switch (reason) {
    case 'content_filter':
      return 'content_filter';
    case 'max_output_tokens':
    // a message-count limit and a WebSocket steer (which the gateway never sends) also cut the output short
    case 'max_messages':
    case 'steered':
    case undefined:
      return 'max_output_tokens';
    default: {
      const _exhaustive: never = reason;
      void _exhaustive;
      return 'max_output_tokens';
    }
  }
}

function endedTurn(response: Pick<Response, 'output'>): FinishReason {
  return response.output?.some((item) => item.type === 'function_call') ? 'tool_calls' : 'stop';
}
