import type { GatewayError, GatewayStreamEvent, ResponseResource, StreamEvent } from '@latticelm/api';
import type { ChatChunkDelta, ChatCompletionChunk, ChatFinishReason, ChatStreamError } from './chat-completions.types';
import { chatCompletionId, chatFinishReason, toChatCitation, toChatUsage } from './to-chat-completion';

export type ChatStreamFrame = ChatCompletionChunk | ChatStreamError;

/**
 * The assembler's Open Responses events → `chat.completion.chunk`s, in the order OpenAI sends them: the role in
 * the first delta, text and refusal deltas, each tool call by its index (id and name first, then argument
 * fragments), the finish_reason in the last choice chunk, then — with `include_usage` — one chunk with the usage
 * and no choices (and `usage: null` on every chunk before it). The `[DONE]` line is the writer's.
 */
export class ChatCompletionChunkEncoder {
  private id = '';
  private created = 0;
  private model = '';
  private readonly toolIndexes = new Map<string, number>();
  /** characters of content sent so far, and where the open text part began (citations count from there) */
  private contentLength = 0;
  private partStart = 0;

  constructor(private readonly includeUsage: boolean) {}

  encode(gatewayEvent: GatewayStreamEvent): ChatStreamFrame[] {
    const event = gatewayEvent as StreamEvent;
    switch (event.type) {
      case 'response.created':
        this.id = chatCompletionId(event.response.id);
        this.created = event.response.created_at;
        this.model = event.response.model;
        return [this.chunk({ role: 'assistant', content: '', refusal: null })];
      case 'response.content_part.added':
        if (event.part.type === 'output_text') this.partStart = this.contentLength;
        return [];
      case 'response.output_text.delta':
        this.contentLength += event.delta.length;
        return [this.chunk({ content: event.delta })];
      case 'response.refusal.delta':
        return [this.chunk({ refusal: event.delta })];
      case 'response.output_text.annotation.added': {
        const annotation = event.annotation as { type: string };
        if (annotation.type !== 'url_citation') return [];
        return [this.chunk({ annotations: [toChatCitation(event.annotation as Parameters<typeof toChatCitation>[0], this.partStart)] })];
      }
      case 'response.output_item.added': {
        if (event.item.type !== 'function_call') return [];
        const index = this.toolIndexes.size;
        this.toolIndexes.set(event.item.id, index);
        return [this.chunk({ tool_calls: [{ index, id: event.item.call_id, type: 'function', function: { name: event.item.name, arguments: '' } }] })];
      }
      case 'response.function_call_arguments.delta': {
        const index = this.toolIndexes.get(event.item_id);
        return index === undefined || event.delta === '' ? [] : [this.chunk({ tool_calls: [{ index, function: { arguments: event.delta } }] })];
      }
      case 'response.completed':
      case 'response.incomplete':
        return this.finish(event.response);
      case 'response.failed':
        return [failure(event.response)];
      default:
        return [];
    }
  }

  private finish(response: ResponseResource): ChatStreamFrame[] {
    const frames: ChatStreamFrame[] = [this.chunk({}, chatFinishReason(response))];
    if (this.includeUsage) frames.push({ ...this.base(), choices: [], usage: toChatUsage(response.usage) });
    return frames;
  }

  private chunk(delta: ChatChunkDelta, finishReason: ChatFinishReason | null = null): ChatCompletionChunk {
    return { ...this.base(), choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...(this.includeUsage ? { usage: null } : {}) };
  }

  private base(): Omit<ChatCompletionChunk, 'choices'> {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, service_tier: 'default', system_fingerprint: null };
  }
}

/** OpenAI's error body, for a failure before any output (the HTTP answer) or after it (a data line). */
export function toChatError(error: Pick<GatewayError, 'message' | 'type' | 'param' | 'code'>): ChatStreamError {
  return { error: { message: error.message, type: error.type, param: error.param, code: error.code } };
}

function failure(response: ResponseResource): ChatStreamError {
  return toChatError({ message: response.error?.message ?? 'the response failed', type: 'server_error', param: null, code: response.error?.code ?? 'server_error' });
}
