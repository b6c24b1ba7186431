import { GoogleGenAI } from '@google/genai';
import type { Content, GenerateContentConfig, GenerateContentParameters, HttpOptions, Tool } from '@google/genai';
import type { ProviderConfig } from '@latticelm/config';
import { Provider, ProviderFactory, ProviderFactoryContext, ProviderRequest } from '../provider';
import type { ProviderEvent } from '../provider-event';
import type { Embedder, ProviderEmbeddingRequest, ProviderEmbeddings } from '../embedder';
import { fromGeminiEmbeddings } from './from-gemini-embeddings';
import { geminiEmbeddingBatchLimit, toGeminiEmbeddingRequest } from './to-gemini-embedding-request';
import type { InputTokenCounter } from '../input-token-counter';
import { GeminiCallFetch } from './gemini-fetch';
import { mapGeminiError } from './gemini-error';
import { GeminiStreamTransformer, fromGeminiResponse } from './gemini-stream-transformer';
import { geminiHostedTools, toGeminiRequest } from './to-gemini-request';
import { planHostedTools } from '../hosted-tools';
import { unsupportedHostedToolChoice } from '../allowed-tools';
import { FlatToolNames, withFlatToolNames } from '../flat-tool-names';
import { applyParameterPolicy, findUnsupportedParameters } from '../reject-unsupported-parameters';

/** The Gemini API's REST version; v1beta is where Google documents systemInstruction, JSON schemas and thinking. */
export const DEFAULT_GEMINI_API_VERSION = 'v1beta';

/** Gemini through @google/genai, for both backends: the Gemini API (`google`) and Vertex AI (`vertexai`). */
export class GoogleProvider extends Provider implements Embedder, InputTokenCounter {
  readonly name: string;
  readonly type: ProviderConfig['type'];

  constructor(
    private readonly config: ProviderConfig,
    private readonly client: GoogleGenAI,
    private readonly context: ProviderFactoryContext,
  ) {
    super();
    this.name = config.name;
    this.type = config.type;
  }

  generate(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    return withFlatToolNames(request, (flat) => this.call(flat, signal));
  }

  /**
   * models.countTokens. Vertex AI counts the system instruction and tools too; on the Gemini API the SDK takes
   * only `contents` ("systemInstruction parameter is only supported in … Agent Platform mode"), so there the
   * system instruction and the function declarations are counted as a leading user turn of text.
   */
  async countInputTokens(original: ProviderRequest, signal: AbortSignal): Promise<number> {
    const request = this.checked(FlatToolNames.of(original)?.apply(original) ?? original);
    const { model, contents, config } = toGeminiRequest(request);
    const callFetch = new GeminiCallFetch(this.context.fetch, this.name, this.config.requestTimeoutMs);
    const common = { abortSignal: signal, httpOptions: { fetch: callFetch.fetch } };
    const params =
      this.type === 'vertexai'
        ? { model, contents, config: { ...common, systemInstruction: config.systemInstruction, tools: declaredTools(config) } }
        : { model, contents: [...foldedPreamble(config), ...contents], config: common };
    try {
      const counted = await this.client.models.countTokens(params);
      return counted.totalTokens ?? 0;
    } catch (error) {
      throw mapGeminiError(this.name, error, signal, callFetch);
    }
  }

  private checked(original: ProviderRequest): ProviderRequest {
    return applyParameterPolicy(original, this.name, [
      ...findUnsupportedParameters(original, { maxToolCalls: true, serialToolCalls: true, autoTruncation: true, verbosity: true }),
      ...planHostedTools(original, geminiHostedTools(original.model)).unsupported,
      // Gemini cannot be made to search
      ...unsupportedHostedToolChoice(original, () => false),
    ]);
  }

  private async *call(original: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const request = this.checked(original);
    const grounding = request.hostedTools.length > 0;
    const { model, contents, config } = toGeminiRequest(request, { backend: this.type === 'vertexai' ? 'vertex' : 'gemini' });
    const callFetch = new GeminiCallFetch(this.context.fetch, this.name, this.config.requestTimeoutMs);
    const params: GenerateContentParameters = {
      model,
      contents,
      config: {
        ...config,
        abortSignal: signal,
        httpOptions: { fetch: callFetch.fetch },
        // The SDK must make exactly one request: retries and fallbacks belong to the gateway, and the SDK's
        // automatic continuation would silently re-issue a broken stream.
        automaticFunctionCalling: { disable: true },
        automaticContinuation: false,
      },
    };
    try {
      if (!request.stream) {
        yield* fromGeminiResponse(this.name, await this.client.models.generateContent(params), undefined, { grounding });
        return;
      }
      const stream = await this.client.models.generateContentStream(params);
      const transformer = new GeminiStreamTransformer(this.name, undefined, { grounding });
      for await (const chunk of stream) yield* transformer.transform(chunk);
      yield* transformer.end();
    } catch (error) {
      throw mapGeminiError(this.name, error, signal, callFetch);
    }
  }

  readonly acceptsTokens = false;

  maxInputsPerCall(model: string): number {
    return geminiEmbeddingBatchLimit(this.type === 'vertexai', model);
  }

  /** `models.embedContent`: the Gemini API's :batchEmbedContents, Vertex AI's :predict (or :embedContent). */
  async embed(request: ProviderEmbeddingRequest, signal: AbortSignal): Promise<ProviderEmbeddings> {
    const params = toGeminiEmbeddingRequest(request);
    const callFetch = new GeminiCallFetch(this.context.fetch, this.name, this.config.requestTimeoutMs);
    try {
      const response = await this.client.models.embedContent({ ...params, config: { ...params.config, abortSignal: signal, httpOptions: { fetch: callFetch.fetch } } });
      return fromGeminiEmbeddings(this.name, response, params.contents.length);
    } catch (error) {
      throw mapGeminiError(this.name, error, signal, callFetch);
    }
  }
}

/** toGeminiRequest builds plain Tool objects (never the SDK's callable tools). */
function declaredTools(config: GenerateContentConfig): Tool[] | undefined {
  return config.tools as Tool[] | undefined;
}

/** The system instruction and function declarations as one user turn of text, for the Gemini API's countTokens. */
function foldedPreamble(config: GenerateContentConfig): Content[] {
  const system = config.systemInstruction as Content | undefined;
  const texts = (system?.parts ?? []).map((part) => part.text ?? '').filter((text) => text !== '');
  const declarations = (declaredTools(config) ?? []).flatMap((tool) => tool.functionDeclarations ?? []);
  if (declarations.length > 0) texts.push(JSON.stringify(declarations));
  return texts.length > 0 ? [{ role: 'user', parts: [{ text: texts.join('\n\n') }] }] : [];
}

/**
 * Options every client gets. Without `retryOptions` the SDK makes a single attempt ("if (!retryOptions) return
 * runFetch()"), which is what the gateway's own retry layer needs. `vertexai` and `apiVersion` are always given so
 * that GOOGLE_GENAI_USE_VERTEXAI / GOOGLE_GENAI_API_VERSION in the environment cannot change what config says.
 */
export function googleHttpOptions(config: ProviderConfig, context: ProviderFactoryContext): HttpOptions {
  return { fetch: context.fetch, ...(config.endpoint ? { baseUrl: config.endpoint } : {}) };
}

export const googleProviderFactory: ProviderFactory = {
  type: 'google',
  create(config, context) {
    const client = new GoogleGenAI({
      vertexai: false,
      apiKey: config.apiKey ?? 'unset',
      apiVersion: config.apiVersion ?? DEFAULT_GEMINI_API_VERSION,
      httpOptions: googleHttpOptions(config, context),
    });
    return new GoogleProvider(config, client, context);
  },
};
