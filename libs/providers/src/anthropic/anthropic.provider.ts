import Anthropic, { type ClientOptions } from '@anthropic-ai/sdk';
import type { ProviderConfig } from '@latticelm/config';
import { Provider, ProviderFactory, ProviderFactoryContext, ProviderRequest } from '../provider';
import type { ProviderEvent } from '../provider-event';
import type { InputTokenCounter } from '../input-token-counter';
import { ClientAbortedError, upstreamStreamError } from '../upstream-error';
import { mapAnthropicError } from './anthropic-error';
import { AnthropicStreamTransformer } from './anthropic-stream-transformer';
import { fromAnthropicMessage } from './from-anthropic-message';
import { anthropicUnsupportedParameters, toAnthropicRequest } from './to-anthropic-request';
import { applyParameterPolicy, findUnsupportedParameters } from '../reject-unsupported-parameters';
import { FlatToolNames, withFlatToolNames } from '../flat-tool-names';

/** Anthropic's Messages API, and every server that speaks it (Microsoft Foundry, proxies) through `endpoint`. */
export class AnthropicProvider extends Provider implements InputTokenCounter {
  readonly name: string;
  readonly type: ProviderConfig['type'];
  private readonly defaultMaxTokens: number;

  constructor(config: ProviderConfig, private readonly client: Anthropic) {
    super();
    this.name = config.name;
    this.type = config.type;
    this.defaultMaxTokens = config.defaultMaxTokens;
  }

  generate(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    return withFlatToolNames(request, (flat) => this.call(flat, signal));
  }

  /** POST /v1/messages/count_tokens with what shapes the input: system, messages, tools, tool choice, thinking. */
  async countInputTokens(original: ProviderRequest, signal: AbortSignal): Promise<number> {
    const request = this.checked(FlatToolNames.of(original)?.apply(original) ?? original);
    const { model, messages, system, tools, tool_choice, thinking, output_config } = toAnthropicRequest(request, { provider: this.name, defaultMaxTokens: this.defaultMaxTokens });
    try {
      const counted = await this.client.messages.countTokens({ model, messages, system, tools, tool_choice, thinking, output_config }, { signal });
      return counted.input_tokens;
    } catch (error) {
      throw mapAnthropicError(this.name, error, signal);
    }
  }

  private checked(original: ProviderRequest): ProviderRequest {
    return applyParameterPolicy(original, this.name, [
      ...findUnsupportedParameters(original, { maxToolCalls: true, autoTruncation: true, verbosity: true, seed: true }),
      ...anthropicUnsupportedParameters(original),
    ]);
  }

  private async *call(original: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const request = this.checked(original);
    const params = toAnthropicRequest(request, { provider: this.name, defaultMaxTokens: this.defaultMaxTokens });
    try {
      if (!request.stream) {
        const message = await this.client.messages.create({ ...params, stream: false }, { signal });
        yield* fromAnthropicMessage(message);
        return;
      }
      const stream = await this.client.messages.create({ ...params, stream: true }, { signal });
      const transformer = new AnthropicStreamTransformer();
      for await (const event of stream) yield* transformer.transform(event);
      // The SDK ends the iteration quietly on abort, and a proxy may close the stream early without an error.
      if (!transformer.complete) throw signal.aborted ? new ClientAbortedError() : upstreamStreamError(this.name, 'the stream ended before message_stop');
    } catch (error) {
      throw mapAnthropicError(this.name, error, signal);
    }
  }
}

export function anthropicClientOptions(config: ProviderConfig, context: ProviderFactoryContext): ClientOptions {
  return {
    // A key given in code keeps the SDK from reading ANTHROPIC_* credentials from the environment.
    apiKey: config.apiKey ?? 'unset',
    timeout: config.requestTimeoutMs,
    // Retries happen once, in the gateway's retry layer, so the SDK must not multiply them.
    maxRetries: 0,
    fetch: context.fetch,
  };
}

export const DEFAULT_ANTHROPIC_ENDPOINT = 'https://api.anthropic.com';

export const anthropicProviderFactory: ProviderFactory = {
  type: 'anthropic',
  create(config, context) {
    const client = new Anthropic({ ...anthropicClientOptions(config, context), baseURL: config.endpoint ?? DEFAULT_ANTHROPIC_ENDPOINT });
    return new AnthropicProvider(config, client);
  },
};
