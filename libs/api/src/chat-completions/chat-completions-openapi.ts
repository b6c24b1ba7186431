import { EXTENSION_MARK, JsonObject } from '../gateway-openapi-additions';

/**
 * POST /v1/chat/completions in the gateway's OpenAPI document: OpenAI's Chat Completions, the fields the gateway
 * reads, and the answer's two shapes. OpenAI's own reference (https://platform.openai.com/docs/api-reference/chat)
 * is the full description; this names what this gateway does with it.
 */
const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const error = (status: string): JsonObject => ({ $ref: `#/components/responses/Error${status}` });

export const CHAT_COMPLETIONS_TAG = {
  name: 'Chat Completions',
  description: "OpenAI's Chat Completions over the same pipeline as /v1/responses, on every provider.",
};

const usage: JsonObject = {
  type: 'object',
  required: ['prompt_tokens', 'completion_tokens', 'total_tokens'],
  properties: {
    prompt_tokens: { type: 'integer' },
    completion_tokens: { type: 'integer' },
    total_tokens: { type: 'integer' },
    prompt_tokens_details: { type: 'object', properties: { cached_tokens: { type: 'integer' }, audio_tokens: { type: 'integer' } } },
    completion_tokens_details: {
      type: 'object',
      properties: { reasoning_tokens: { type: 'integer' }, audio_tokens: { type: 'integer' }, accepted_prediction_tokens: { type: 'integer' }, rejected_prediction_tokens: { type: 'integer' } },
    },
  },
};

const toolCall: JsonObject = {
  type: 'object',
  required: ['id', 'type', 'function'],
  properties: { id: { type: 'string' }, type: { const: 'function' }, function: { type: 'object', required: ['name', 'arguments'], properties: { name: { type: 'string' }, arguments: { type: 'string' } } } },
};

const finishReason: JsonObject = { enum: ['stop', 'length', 'tool_calls', 'content_filter'] };

export const CHAT_COMPLETIONS_SCHEMAS: Record<string, JsonObject> = {
  ChatCompletionsRequest: {
    type: 'object',
    title: 'Chat Completions request',
    description:
      'OpenAI\'s body. Messages of every role (system, developer, user with text, image_url and file parts, assistant with tool_calls, tool); ' +
      '`n` other than 1, `logprobs`, `top_logprobs`, the deprecated `functions`/`function_call` and audio are a 400 naming the field; ' +
      'fields only OpenAI defines (`logit_bias`, `prediction`, `modalities`, `audio`, `web_search_options`, `moderation`, `prompt_cache_options`) are passed to OpenAI and an unsupported parameter elsewhere.',
    required: ['model', 'messages'],
    properties: {
      model: { type: 'string' },
      messages: { type: 'array', minItems: 1, items: { type: 'object', required: ['role'], properties: { role: { enum: ['system', 'developer', 'user', 'assistant', 'tool'] } } } },
      tools: { type: 'array', items: { type: 'object', required: ['type', 'function'], properties: { type: { const: 'function' }, function: { type: 'object' } } } },
      tool_choice: { oneOf: [{ enum: ['none', 'auto', 'required'] }, { type: 'object' }] },
      parallel_tool_calls: { type: 'boolean' },
      response_format: { type: 'object', properties: { type: { enum: ['text', 'json_object', 'json_schema'] }, json_schema: { type: 'object' } } },
      max_completion_tokens: { type: 'integer', minimum: 1 },
      max_tokens: { type: 'integer', minimum: 1, deprecated: true },
      temperature: { type: 'number', minimum: 0, maximum: 2 },
      top_p: { type: 'number', minimum: 0, maximum: 1 },
      presence_penalty: { type: 'number' },
      frequency_penalty: { type: 'number' },
      stop: { oneOf: [{ type: 'string' }, { type: 'array', maxItems: 4, items: { type: 'string' } }], description: 'Sent as stop sequences; the OpenAI Responses API has none (a 400 there).' },
      seed: { type: 'integer', description: 'Honoured by Gemini and Chat Completions upstreams; a 400 elsewhere.' },
      reasoning_effort: { enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] },
      verbosity: { enum: ['low', 'medium', 'high'] },
      user: { type: 'string' },
      metadata: { type: 'object', additionalProperties: { type: 'string' } },
      store: { type: 'boolean', description: 'Default false. With true the exchange is kept as a stored response: GET /v1/responses/resp_<the id after chatcmpl->.' },
      stream: { type: 'boolean' },
      stream_options: { type: 'object', properties: { include_usage: { type: 'boolean' } } },
      n: { const: 1 },
      provider: { type: 'string', description: 'latticelm extension: the configured provider to send this request to.', [EXTENSION_MARK]: true },
    },
    [EXTENSION_MARK]: true,
  },
  ChatCompletion: {
    type: 'object',
    required: ['id', 'object', 'created', 'model', 'choices', 'usage'],
    properties: {
      id: { type: 'string', description: '`chatcmpl-` and 32 hex characters' },
      object: { const: 'chat.completion' },
      created: { type: 'integer' },
      model: { type: 'string' },
      choices: {
        type: 'array',
        items: {
          type: 'object',
          required: ['index', 'message', 'finish_reason'],
          properties: {
            index: { type: 'integer' },
            message: {
              type: 'object',
              required: ['role', 'content'],
              properties: { role: { const: 'assistant' }, content: { type: ['string', 'null'] }, refusal: { type: ['string', 'null'] }, annotations: { type: 'array' }, tool_calls: { type: 'array', items: toolCall } },
            },
            logprobs: { type: 'null' },
            finish_reason: finishReason,
          },
        },
      },
      usage,
      service_tier: { type: 'string' },
      system_fingerprint: { type: 'null' },
    },
    [EXTENSION_MARK]: true,
  },
  ChatCompletionChunk: {
    type: 'object',
    description:
      'One `data:` line of the stream: the role in the first delta, text and refusal deltas, tool calls by index (id, type and name first, then argument fragments), ' +
      'finish_reason in the last choice chunk, then with `stream_options.include_usage` a chunk with the usage and empty choices; the stream ends with `data: [DONE]`. ' +
      'A failure after the stream started is a `data:` line with OpenAI\'s `{"error": {...}}`.',
    required: ['id', 'object', 'created', 'model', 'choices'],
    properties: {
      id: { type: 'string' },
      object: { const: 'chat.completion.chunk' },
      created: { type: 'integer' },
      model: { type: 'string' },
      choices: {
        type: 'array',
        items: { type: 'object', required: ['index', 'delta', 'finish_reason'], properties: { index: { type: 'integer' }, delta: { type: 'object' }, finish_reason: { oneOf: [finishReason, { type: 'null' }] } } },
      },
      usage: { oneOf: [usage, { type: 'null' }] },
    },
    [EXTENSION_MARK]: true,
  },
};

/** A fresh object per document: the builder adds the bearer requirement to operations in place. */
export function chatCompletionsPaths(exampleModel: string): Record<string, Record<string, JsonObject>> {
  return {
    '/v1/chat/completions': {
      post: {
        tags: ['Chat Completions'],
        operationId: 'createChatCompletion',
        summary: 'Create a chat completion (OpenAI Chat Completions)',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: ref('ChatCompletionsRequest'), example: { model: exampleModel, messages: [{ role: 'user', content: 'Say hello in five words.' }] } } },
        },
        responses: {
          '200': {
            description: '`stream: false`: a chat.completion; `stream: true`: server-sent chat.completion.chunk lines, then `data: [DONE]`.',
            content: { 'application/json': { schema: ref('ChatCompletion') }, 'text/event-stream': { schema: ref('ChatCompletionChunk') } },
          },
          ...Object.fromEntries(['400', '404', '413', '429', '502', '503', '504'].map((status) => [status, error(status)])),
        },
      },
    },
  };
}
