import { newId } from '@latticelm/api';
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { ProviderEvent, ProviderUsage } from '../../provider-event';
import { mapChatFinishReason } from './map-chat-finish-reason';

/**
 * Servers that reason (DeepSeek, vLLM's reasoning parsers, OpenRouter) add their thinking beside `content`, as
 * `reasoning_content` or `reasoning`; OpenAI's own Chat Completions has neither.
 */
interface ReasoningFields {
  reasoning_content?: string | null;
  reasoning?: string | null;
}

/**
 * Chat Completions chunks → ProviderEvents. Tool calls arrive by `index`: the first delta of an index has the id
 * and the name, later ones argument fragments; a call is done when the choice finishes. Only choice 0 is read
 * (the gateway never asks for n > 1).
 */
export class ChatCompletionsStreamTransformer {
  private readonly callIds = new Map<number, string>();
  private modelSent = false;
  /** the choice said why it ended: a stream closed before that was cut */
  finished = false;

  *transform(chunk: ChatCompletionChunk): Generator<ProviderEvent> {
    if (chunk.model && !this.modelSent) {
      this.modelSent = true;
      yield { type: 'model', model: chunk.model };
    }
    for (const choice of chunk.choices) {
      if (choice.index !== 0) continue;
      const delta = choice.delta as ChatCompletionChunk.Choice.Delta & ReasoningFields;
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (reasoning) yield { type: 'reasoning.delta', delta: reasoning };
      if (delta.content) yield { type: 'text.delta', delta: delta.content };
      if (delta.refusal) yield { type: 'refusal.delta', delta: delta.refusal };
      for (const call of delta.tool_calls ?? []) {
        let callId = this.callIds.get(call.index);
        if (callId === undefined) {
          // Some servers leave the id out; the gateway's own keeps the call and its output together.
          callId = call.id || newId('call');
          this.callIds.set(call.index, callId);
          yield { type: 'tool_call.start', callId, name: call.function?.name ?? '' };
        }
        if (call.function?.arguments) yield { type: 'tool_call.delta', callId, delta: call.function.arguments };
      }
      if (choice.finish_reason) {
        for (const callId of this.callIds.values()) yield { type: 'tool_call.done', callId };
        this.callIds.clear();
        this.finished = true;
        yield { type: 'finish', reason: mapChatFinishReason(choice.finish_reason), vendorReason: choice.finish_reason };
      }
    }
    // With stream_options.include_usage the last chunk has the usage and no choices.
    if (chunk.usage) yield { type: 'usage', usage: mapChatUsage(chunk.usage) };
  }
}

/** A whole (non-streamed) completion → the same ProviderEvents a stream would give. */
export function* fromChatCompletion(completion: ChatCompletion): Generator<ProviderEvent> {
  if (completion.model) yield { type: 'model', model: completion.model };
  const choice = completion.choices.find((candidate) => candidate.index === 0) ?? completion.choices[0];
  if (choice) {
    const message = choice.message as ChatCompletion.Choice['message'] & ReasoningFields;
    const reasoning = message.reasoning_content ?? message.reasoning;
    if (reasoning) yield { type: 'reasoning.delta', delta: reasoning };
    if (message.content) yield { type: 'text.delta', delta: message.content };
    if (message.refusal) yield { type: 'refusal.delta', delta: message.refusal };
    for (const call of message.tool_calls ?? []) {
      if (call.type !== 'function') continue;
      const callId = call.id || newId('call');
      yield { type: 'tool_call.start', callId, name: call.function.name };
      yield { type: 'tool_call.done', callId, arguments: call.function.arguments };
    }
  }
  if (completion.usage) yield { type: 'usage', usage: mapChatUsage(completion.usage) };
  yield { type: 'finish', reason: choice ? mapChatFinishReason(choice.finish_reason) : 'unknown', vendorReason: choice?.finish_reason };
}

export function mapChatUsage(usage: CompletionUsage): Partial<ProviderUsage> {
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
