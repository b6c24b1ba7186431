import { EXTENSION_MARK, JsonObject, PROVIDER_REQUEST_FIELD } from './gateway-openapi-additions';

/** POST /v1/embeddings in the OpenAPI document: OpenAI's request and answer, plus the seed's `provider`. Plain data. */
const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const error = (status: string): JsonObject => ({ $ref: `#/components/responses/Error${status}` });
const tokens: JsonObject = { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0 } };

export const EMBEDDINGS_TAG = {
  name: 'Embeddings',
  description: "OpenAI's embeddings API over OpenAI, Azure OpenAI, Gemini and Vertex AI; other providers answer 400.",
};

export const EMBEDDINGS_SCHEMAS: Record<string, JsonObject> = {
  CreateEmbeddingsBody: {
    type: 'object',
    required: ['model', 'input'],
    additionalProperties: false,
    properties: {
      model: { type: 'string', description: 'Routed like POST /v1/responses: `provider`, the models list, then the name prefix.' },
      input: {
        description: 'A text, texts, a token array or token arrays (tokens: OpenAI and Azure OpenAI only). Split into as many vendor calls as the vendor’s limit needs.',
        oneOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          tokens,
          { type: 'array', minItems: 1, items: tokens },
        ],
      },
      dimensions: { type: 'integer', minimum: 1, description: "OpenAI's `dimensions`, Gemini's `outputDimensionality`." },
      encoding_format: { enum: ['float', 'base64'], default: 'float', description: 'base64: the little-endian float32 values, as OpenAI sends them.' },
      user: { type: 'string', description: 'Passed to OpenAI and Azure OpenAI; Gemini has no counterpart.' },
      provider: PROVIDER_REQUEST_FIELD,
    },
    [EXTENSION_MARK]: true,
  },
  EmbeddingsList: {
    type: 'object',
    required: ['object', 'data', 'model', 'usage'],
    properties: {
      object: { const: 'list' },
      data: {
        type: 'array',
        items: {
          type: 'object',
          required: ['object', 'index', 'embedding'],
          properties: {
            object: { const: 'embedding' },
            index: { type: 'integer' },
            embedding: { oneOf: [{ type: 'array', items: { type: 'number' } }, { type: 'string', contentEncoding: 'base64' }] },
          },
        },
      },
      model: { type: 'string', description: 'The model that served every vector (the requested one, or one fallback).' },
      usage: {
        type: 'object',
        required: ['prompt_tokens', 'total_tokens'],
        description: "The vendor's token count; 0 where the vendor reports none (the Gemini API).",
        properties: { prompt_tokens: { type: 'integer' }, total_tokens: { type: 'integer' } },
      },
    },
    [EXTENSION_MARK]: true,
  },
};

export function embeddingsPath(): Record<string, JsonObject> {
  return {
    post: {
      tags: ['Embeddings'],
      operationId: 'createEmbeddings',
      summary: 'Create embeddings',
      requestBody: { required: true, content: { 'application/json': { schema: ref('CreateEmbeddingsBody'), example: { model: 'text-embedding-3-small', input: ['The food was delicious.'] } } } },
      responses: {
        '200': { description: 'One vector per input, in input order.', content: { 'application/json': { schema: ref('EmbeddingsList') } } },
        ...Object.fromEntries(['400', '404', '413', '429', '502', '503', '504'].map((status) => [status, error(status)])),
      },
      [EXTENSION_MARK]: true,
    },
  };
}
