import OpenAI, { APIUserAbortError } from 'openai';
import type { Response, ResponseCreateParamsStreaming, ResponseStreamEvent } from 'openai/resources/responses/responses';

export interface ModelInfo {
  id: string;
  provider?: string;
}

export interface TurnUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface TurnResult {
  id: string;
  model: string;
  /** the gateway's extension field: which configured provider answered */
  provider?: string;
  status: string;
  incompleteReason?: string;
  text: string;
  usage?: TurnUsage;
}

/** The gateway as the chat loop sees it; the e2e test drives the real one, unit tests a fake. */
export interface ChatGateway {
  listModels(): Promise<ModelInfo[]>;
  /** Streams one answer, calling onDelta for each piece of text; rejects on HTTP errors and response.failed. */
  answer(params: ResponseCreateParamsStreaming, onDelta: (text: string) => void, signal?: AbortSignal): Promise<TurnResult>;
}

/** A stream that ended in `response.failed` (or an `error` event) after the HTTP status was already 200. */
export class TurnFailedError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TurnFailedError';
  }
}

export class OpenAIChatGateway implements ChatGateway {
  private readonly client: OpenAI;

  constructor(url: string, token: string | undefined) {
    // maxRetries 0: a chat user sees the error at once and simply asks again
    this.client = new OpenAI({ baseURL: `${url}/v1`, apiKey: token ?? 'unused', maxRetries: 0 });
  }

  async listModels(): Promise<ModelInfo[]> {
    const models: ModelInfo[] = [];
    for await (const model of this.client.models.list()) {
      const provider = (model as { provider?: unknown }).provider;
      models.push({ id: model.id, provider: typeof provider === 'string' ? provider : model.owned_by });
    }
    return models;
  }

  async answer(params: ResponseCreateParamsStreaming, onDelta: (text: string) => void, signal?: AbortSignal): Promise<TurnResult> {
    const stream = await this.client.responses.create(params, { signal });
    let streamed = '';
    for await (const event of stream) {
      const final = handleEvent(event, (delta) => {
        streamed += delta;
        onDelta(delta);
      });
      if (final) return toTurnResult(final, streamed);
    }
    // the SDK ends the iteration quietly when we abort it (Ctrl-C), so tell that apart from a cut stream
    if (signal?.aborted) throw new APIUserAbortError();
    throw new TurnFailedError('the gateway closed the stream before the response completed');
  }
}

/** Returns the finished response for terminal events, throws for failures, forwards text deltas. */
function handleEvent(event: ResponseStreamEvent, onDelta: (text: string) => void): Response | undefined {
  switch (event.type) {
    case 'response.output_text.delta':
    case 'response.refusal.delta':
      onDelta(event.delta);
      return undefined;
    case 'response.completed':
    case 'response.incomplete':
      return event.response;
    case 'response.failed': {
      const error = event.response.error;
      throw new TurnFailedError(error?.message || 'the response failed', error?.code ?? undefined);
    }
    case 'error':
      throw new TurnFailedError(event.message || 'the gateway reported a stream error', event.code ?? undefined);
    default:
      return undefined;
  }
}

function toTurnResult(response: Response, streamed: string): TurnResult {
  const provider = (response as { provider?: unknown }).provider;
  return {
    id: response.id,
    model: response.model,
    provider: typeof provider === 'string' ? provider : undefined,
    status: response.status ?? 'completed',
    incompleteReason: response.incomplete_details?.reason ?? undefined,
    text: outputText(response) || streamed,
    usage: response.usage ? { inputTokens: response.usage.input_tokens, outputTokens: response.usage.output_tokens } : undefined,
  };
}

function outputText(response: Response): string {
  let text = '';
  for (const item of response.output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) if (part.type === 'output_text') text += part.text;
  }
  return text;
}
