import type OpenAI from 'openai';
import type { ProviderConfig } from '@latticelm/config';
import { withFlatToolNames } from '../../flat-tool-names';
import { Provider, ProviderRequest } from '../../provider';
import type { ProviderEvent } from '../../provider-event';
import { applyParameterPolicy } from '../../reject-unsupported-parameters';
import { ClientAbortedError, upstreamStreamError } from '../../upstream-error';
import { mapOpenAIError } from '../openai-error';
import { ChatCompletionsStreamTransformer, fromChatCompletion } from './chat-completions-stream-transformer';
import { chatCompletionsUnsupportedParameters, toChatCompletionsRequest } from './to-chat-completions-request';

/**
 * `type: openai` with `api: chat_completions`: servers that have only OpenAI's Chat Completions (vLLM, Ollama,
 * LM Studio, Groq, Together, OpenRouter), through the `openai` SDK's chat.completions. Streamed upstream when the
 * client streams, with the usage asked for in the last chunk.
 */
export class OpenAIChatCompletionsProvider extends Provider {
  readonly name: string;
  readonly type: ProviderConfig['type'];

  constructor(config: ProviderConfig, private readonly client: OpenAI) {
    super();
    this.name = config.name;
    this.type = config.type;
  }

  generate(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    // Chat Completions has no namespace tools: their functions get flat names, restored on the way back.
    return withFlatToolNames(request, (flat) => this.call(flat, signal));
  }

  private async *call(original: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const request = applyParameterPolicy(original, this.name, chatCompletionsUnsupportedParameters(original));
    const params = toChatCompletionsRequest(request, this.name);
    try {
      if (!request.stream) {
        const completion = await this.client.chat.completions.create({ ...params, stream: false }, { signal });
        yield* fromChatCompletion(completion);
        return;
      }
      const stream = await this.client.chat.completions.create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal });
      const transformer = new ChatCompletionsStreamTransformer();
      for await (const chunk of stream) yield* transformer.transform(chunk);
      // A server or proxy that closes the stream before a finish_reason cut the answer short.
      if (!transformer.finished) throw signal.aborted ? new ClientAbortedError() : upstreamStreamError(this.name, 'the stream ended before a finish_reason');
    } catch (error) {
      throw mapOpenAIError(this.name, error, signal);
    }
  }
}
