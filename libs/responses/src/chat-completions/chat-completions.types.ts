/**
 * The Chat Completions wire shapes the gateway answers with, as OpenAI documents them
 * (https://platform.openai.com/docs/api-reference/chat/object, …/chat-streaming/streaming). Only what the
 * gateway fills; the vendor SDK's own types stay in the provider folders.
 */
export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ChatCompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number; audio_tokens: number };
  completion_tokens_details: { reasoning_tokens: number; audio_tokens: number; accepted_prediction_tokens: number; rejected_prediction_tokens: number };
}

export interface ChatUrlCitation {
  type: 'url_citation';
  url_citation: { url: string; title: string; start_index: number; end_index: number };
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: {
    index: 0;
    message: { role: 'assistant'; content: string | null; refusal: string | null; annotations: ChatUrlCitation[]; tool_calls?: ChatToolCall[] };
    logprobs: null;
    finish_reason: ChatFinishReason;
  }[];
  usage: ChatCompletionUsage;
  service_tier: string;
  system_fingerprint: null;
}

export interface ChatChunkToolCall {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

export interface ChatChunkDelta {
  role?: 'assistant';
  content?: string;
  refusal?: string | null;
  tool_calls?: ChatChunkToolCall[];
  annotations?: ChatUrlCitation[];
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  service_tier: string;
  system_fingerprint: null;
  choices: { index: 0; delta: ChatChunkDelta; logprobs: null; finish_reason: ChatFinishReason | null }[];
  /** with `stream_options.include_usage`: null on every chunk but the last, which has no choices */
  usage?: ChatCompletionUsage | null;
}

/** A failure after the stream started: the openai SDK raises a data line with `error` as an APIError. */
export interface ChatStreamError {
  error: { message: string; type: string; param: string | null; code: string | null };
}
