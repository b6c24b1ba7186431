import type { OutputItem, ResponseResource, UrlCitation, Usage } from '@latticelm/api';
import type { ChatCompletion, ChatCompletionUsage, ChatFinishReason, ChatToolCall, ChatUrlCitation } from './chat-completions.types';

/** The Chat Completions id of a response: the same 32 hex characters, so `store: true` answers are found as `resp_<hex>`. */
export function chatCompletionId(responseId: string): string {
  return `chatcmpl-${responseId.replace(/^resp_/, '')}`;
}

/** A finished response → `chat.completion`: the text of every message as one, its refusals, its function calls. */
export function toChatCompletion(response: ResponseResource): ChatCompletion {
  let content: string | null = null;
  let refusal: string | null = null;
  const annotations: ChatUrlCitation[] = [];
  const toolCalls: ChatToolCall[] = [];
  for (const item of response.output) {
    if (item.type === 'message') {
      for (const part of item.content) {
        if (part.type === 'output_text') {
          for (const annotation of part.annotations) if (annotation.type === 'url_citation') annotations.push(toChatCitation(annotation, (content ?? '').length));
          content = (content ?? '') + part.text;
        } else if (part.type === 'refusal') refusal = (refusal ?? '') + part.refusal;
      }
    } else if (item.type === 'function_call') {
      toolCalls.push({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } });
    }
  }
  return {
    id: chatCompletionId(response.id),
    object: 'chat.completion',
    created: response.created_at,
    model: response.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal, annotations, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: chatFinishReason(response),
      },
    ],
    usage: toChatUsage(response.usage),
    service_tier: response.service_tier ?? 'default',
    system_fingerprint: null,
  };
}

/** "length if the maximum number of tokens … was reached, content_filter if content was omitted …, tool_calls if the model called a tool". */
export function chatFinishReason(response: Pick<ResponseResource, 'status' | 'incomplete_details' | 'output'>): ChatFinishReason {
  if (response.status === 'incomplete') return response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'length';
  return response.output.some((item: OutputItem) => item.type === 'function_call') ? 'tool_calls' : 'stop';
}

export function toChatUsage(usage: Usage | null): ChatCompletionUsage {
  const prompt = usage?.input_tokens ?? 0;
  const completion = usage?.output_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage?.total_tokens ?? prompt + completion,
    prompt_tokens_details: { cached_tokens: usage?.input_tokens_details.cached_tokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: usage?.output_tokens_details.reasoning_tokens ?? 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** Indexes move by `offset`: Chat Completions has one content string where the response had parts. */
export function toChatCitation(annotation: UrlCitation, offset = 0): ChatUrlCitation {
  return {
    type: 'url_citation',
    url_citation: { url: annotation.url, title: annotation.title, start_index: annotation.start_index + offset, end_index: annotation.end_index + offset },
  };
}
