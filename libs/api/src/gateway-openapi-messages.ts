import { EXTENSION_MARK, JsonObject } from './gateway-openapi-additions';

/**
 * Anthropic's Messages API front door in the OpenAPI document: the two operations, with the request and answer
 * shapes summarized (the full reference is Anthropic's, https://platform.claude.com/docs/en/api/messages).
 */
const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const messagesError = (description: string): JsonObject => ({ description, content: { 'application/json': { schema: ref('AnthropicError') } } });
const ERRORS: JsonObject = {
  '400': messagesError('invalid_request_error: the message names the field.'),
  '404': messagesError('not_found_error: the model is not configured.'),
  '413': messagesError('request_too_large.'),
  '429': messagesError('rate_limit_error, with Retry-After.'),
  '502': messagesError('api_error: the vendor failed.'),
  '503': messagesError('overloaded_error: an open circuit or a draining gateway.'),
  '504': messagesError('timeout_error.'),
};

export const MESSAGES_TAG = {
  name: 'Messages',
  description: "Anthropic's Messages API on every provider (the official Anthropic SDKs and Claude Code work unchanged); errors in Anthropic's shape.",
};

const example = (model: string): JsonObject => ({ model, messages: [{ role: 'user', content: 'Say hello in five words.' }] });

export function messagesPaths(exampleModel: string): Record<string, Record<string, JsonObject>> {
  return {
    '/v1/messages': {
      post: {
        tags: ['Messages'],
        operationId: 'createMessage',
        summary: 'Create a Message (Anthropic Messages API)',
        description: '`stream: true` answers with SSE: message_start, ping, content_block_start / _delta / _stop, message_delta, message_stop (or error).',
        requestBody: { required: true, content: { 'application/json': { schema: ref('AnthropicMessagesRequest'), example: { ...example(exampleModel), max_tokens: 256 } } } },
        responses: {
          '200': {
            description: 'The Message, or its event stream.',
            content: { 'application/json': { schema: ref('AnthropicMessage') }, 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...ERRORS,
        },
      },
    },
    '/v1/messages/count_tokens': {
      post: {
        tags: ['Messages'],
        operationId: 'countMessageTokens',
        summary: 'Count the input tokens of a Messages request',
        description: 'Counted by the vendor: Anthropic count_tokens, Gemini/Vertex countTokens, OpenAI/Azure responses/input_tokens.',
        requestBody: { required: true, content: { 'application/json': { schema: ref('AnthropicMessagesRequest'), example: example(exampleModel) } } },
        responses: {
          '200': { description: 'The count.', content: { 'application/json': { schema: ref('AnthropicTokenCount') } } },
          ...ERRORS,
        },
      },
    },
  };
}

export const MESSAGES_SCHEMAS: Record<string, JsonObject> = {
  AnthropicMessagesRequest: {
    type: 'object',
    description: "Anthropic's MessageCreateParams: model, max_tokens (not for count_tokens), messages, system, tools, tool_choice, thinking, stop_sequences, temperature, top_p, top_k, metadata.user_id, output_config, stream.",
    required: ['model', 'messages'],
    properties: {
      model: { type: 'string' },
      max_tokens: { type: 'integer', minimum: 1 },
      messages: { type: 'array', items: { type: 'object' } },
      system: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }] },
      stream: { type: 'boolean' },
    },
    additionalProperties: true,
    [EXTENSION_MARK]: true,
  },
  AnthropicMessage: {
    type: 'object',
    required: ['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'usage'],
    properties: {
      id: { type: 'string' },
      type: { const: 'message' },
      role: { const: 'assistant' },
      model: { type: 'string' },
      content: { type: 'array', items: { type: 'object', description: 'text, thinking, redacted_thinking or tool_use blocks' } },
      stop_reason: { enum: ['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal', null] },
      stop_sequence: { type: ['string', 'null'] },
      usage: { type: 'object' },
    },
    [EXTENSION_MARK]: true,
  },
  AnthropicTokenCount: { type: 'object', required: ['input_tokens'], properties: { input_tokens: { type: 'integer' } }, [EXTENSION_MARK]: true },
  AnthropicError: {
    type: 'object',
    required: ['type', 'error'],
    properties: {
      type: { const: 'error' },
      error: { type: 'object', required: ['type', 'message'], properties: { type: { type: 'string' }, message: { type: 'string' } } },
    },
    [EXTENSION_MARK]: true,
  },
};
