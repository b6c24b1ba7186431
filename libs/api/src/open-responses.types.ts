/** The parts of the Open Responses model the gateway reads and writes (see openapi/openresponses.openapi.json). */

export type MessageRole = 'user' | 'assistant' | 'system' | 'developer';

export interface InputTextPart {
  type: 'input_text';
  text: string;
}
export interface InputImagePart {
  type: 'input_image';
  image_url: string;
  detail?: 'low' | 'high' | 'auto';
}
export interface InputFilePart {
  type: 'input_file';
  filename?: string;
  /** base64 data or a data: URL */
  file_data?: string;
  file_url?: string;
}
export interface OutputTextPart {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs?: unknown[];
}
export interface RefusalPart {
  type: 'refusal';
  refusal: string;
}
export interface ReasoningTextPart {
  type: 'reasoning_text';
  text: string;
}
export interface SummaryTextPart {
  type: 'summary_text';
  text: string;
}

export type UserContentPart = InputTextPart | InputImagePart | InputFilePart;
export type AssistantContentPart = OutputTextPart | RefusalPart;
export type ContentPart = UserContentPart | AssistantContentPart;

export interface MessageItem {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: MessageRole;
  content: ContentPart[];
}

export interface FunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}

export interface FunctionCallOutputItem {
  type: 'function_call_output';
  id: string;
  call_id: string;
  output: string | UserContentPart[];
  status: 'in_progress' | 'completed' | 'incomplete';
}

export interface ReasoningItem {
  type: 'reasoning';
  id: string;
  summary: SummaryTextPart[];
  content?: ReasoningTextPart[];
  /** Vendor-opaque state (OpenAI encrypted reasoning, Anthropic thinking signature) carried across turns. */
  encrypted_content?: string;
}

/** Every item that can appear in a conversation: inputs and outputs alike. */
export type ConversationItem = MessageItem | FunctionCallItem | FunctionCallOutputItem | ReasoningItem;
export type OutputItem = MessageItem | FunctionCallItem | ReasoningItem;

export interface FunctionTool {
  type: 'function';
  name: string;
  description: string | null;
  parameters: Record<string, unknown> | null;
  strict: boolean | null;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; name: string };

export type TextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; description: string | null; schema: Record<string, unknown>; strict: boolean };

export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

export interface Usage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens_details: { reasoning_tokens: number };
}

export type ResponseStatus = 'queued' | 'in_progress' | 'completed' | 'incomplete' | 'failed' | 'cancelled';

export interface ResponseResource {
  id: string;
  object: 'response';
  created_at: number;
  completed_at: number | null;
  status: ResponseStatus;
  incomplete_details: { reason: string } | null;
  model: string;
  previous_response_id: string | null;
  instructions: string | null;
  output: OutputItem[];
  error: { code: string; message: string } | null;
  tools: FunctionTool[];
  tool_choice: ToolChoice;
  truncation: 'auto' | 'disabled';
  parallel_tool_calls: boolean;
  text: { format: TextFormat; verbosity?: 'low' | 'medium' | 'high' };
  top_p: number;
  presence_penalty: number;
  frequency_penalty: number;
  top_logprobs: number;
  temperature: number;
  reasoning: { effort: ReasoningEffort | null; summary: 'auto' | 'concise' | 'detailed' | null } | null;
  usage: Usage | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  store: boolean;
  background: boolean;
  service_tier: string;
  metadata: Record<string, string>;
  safety_identifier: string | null;
  prompt_cache_key: string | null;
  /** latticelm extension (seed): which configured provider served the response. */
  provider?: string;
  user?: string | null;
}

export type StreamEvent = { type: string; sequence_number: number } & Record<string, unknown>;
