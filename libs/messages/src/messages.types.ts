/**
 * What the Messages API front door sends: Anthropic's response objects and stream events
 * (https://platform.claude.com/docs/en/api/messages, .../build-with-claude/streaming), the fields the
 * `@anthropic-ai/sdk` reads. Requests are read from `unknown` (normalize-messages-request.ts), so only the
 * outgoing shapes are typed here.
 */
export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

export interface TextBlock {
  type: 'text';
  text: string;
  citations: null;
}
export interface ThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}
export interface RedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}
export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}
export type ContentBlock = TextBlock | ThinkingBlock | RedactedThinkingBlock | ToolUseBlock;

export interface MessagesUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export interface RefusalStopDetails {
  type: 'refusal';
  category: null;
  explanation: string | null;
}

export interface Message {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  stop_details: RefusalStopDetails | null;
  usage: MessagesUsage;
}

export type ContentDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'input_json_delta'; partial_json: string };

/** The Messages API's error types, one per HTTP status (https://platform.claude.com/docs/en/api/errors). */
export type MessagesErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

export interface MessagesErrorBody {
  type: 'error';
  error: { type: MessagesErrorType; message: string };
}

export type MessageStreamEvent =
  | { type: 'message_start'; message: Message }
  | { type: 'content_block_start'; index: number; content_block: ContentBlock }
  | { type: 'content_block_delta'; index: number; delta: ContentDelta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: StopReason | null; stop_sequence: string | null; stop_details: RefusalStopDetails | null };
      usage: MessagesUsage;
    }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | MessagesErrorBody;
