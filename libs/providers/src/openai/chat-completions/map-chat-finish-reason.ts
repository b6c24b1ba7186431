import type { ChatCompletion } from 'openai/resources/chat/completions/completions';
import type { FinishReason } from '../../provider-event';

type ChatFinish = ChatCompletion.Choice['finish_reason'];

/**
 * https://platform.openai.com/docs/api-reference/chat/object — "stop if the model hit a natural stop point or a
 * provided stop sequence, length if the maximum number of tokens specified in the request was reached,
 * content_filter if content was omitted …, tool_calls if the model called a tool, or function_call (deprecated)".
 * Exhaustive over the SDK's union; compatible servers that send something else end the turn as `unknown`.
 */
export function mapChatFinishReason(reason: string): FinishReason {
  const known = reason as ChatFinish;
  switch (known) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'max_output_tokens';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default: {
      const _exhaustive: never = known;
      void _exhaustive;
      return 'unknown';
    }
  }
}
