import { GatewayError } from '@latticelm/api';
import type { EmbeddingEncoding } from '@latticelm/providers';

/** A validated POST /v1/embeddings body (OpenAI's EmbeddingCreateParams, plus the seed's `provider`). */
export interface NormalizedEmbeddingsRequest {
  model: string;
  provider?: string;
  /** a single string or token array becomes a list of one */
  input: string[] | number[][];
  dimensions?: number;
  encoding: EmbeddingEncoding;
  user?: string;
}

const FIELDS = new Set(['model', 'input', 'dimensions', 'encoding_format', 'user', 'provider']);

function fail(param: string, message: string, code = 'invalid_request'): never {
  throw GatewayError.invalidRequest(param, message, code);
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(key, `'${key}' must be a string`);
  return value;
}

function checkTokens(tokens: unknown[], param: string): void {
  for (const [index, token] of tokens.entries()) {
    if (!Number.isInteger(token) || (token as number) < 0) fail(`${param}[${index}]`, `'${param}[${index}]' must be a token: a non-negative integer`);
  }
}

/** OpenAI's `input`: a string, an array of strings, an array of tokens, or an array of token arrays; none empty. */
function normalizeInput(input: unknown): string[] | number[][] {
  if (input === undefined || input === null) fail('input', "'input' is required", 'missing_required_parameter');
  if (typeof input === 'string') {
    if (input === '') fail('input', "'input' must not be an empty string");
    return [input];
  }
  if (!Array.isArray(input) || input.length === 0) fail('input', "'input' must be a string, an array of strings or an array of token arrays, and not empty");
  if (typeof input[0] === 'number') {
    checkTokens(input, 'input');
    return [input as number[]];
  }
  if (typeof input[0] === 'string') {
    for (const [index, text] of input.entries()) {
      if (typeof text !== 'string' || text === '') fail(`input[${index}]`, `'input[${index}]' must be a non-empty string`);
    }
    return input as string[];
  }
  for (const [index, tokens] of input.entries()) {
    if (!Array.isArray(tokens) || tokens.length === 0) fail(`input[${index}]`, `'input[${index}]' must be a string or a non-empty token array`);
    checkTokens(tokens, `input[${index}]`);
  }
  return input as number[][];
}

/** Every error names its field; unknown fields are refused (the parameter rule's fourth kind). */
export function normalizeEmbeddingsRequest(body: unknown): NormalizedEmbeddingsRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('body', 'the request body must be a JSON object');
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (!FIELDS.has(key)) fail(key, `unknown parameter '${key}'`, 'unknown_parameter');
  const model = optionalString(fields, 'model');
  if (model === undefined) fail('model', "'model' is required", 'missing_required_parameter');
  if (model.trim() === '') fail('model', "'model' must not be empty");
  const input = normalizeInput(fields.input);
  const dimensions = fields.dimensions ?? undefined;
  if (dimensions !== undefined && !(Number.isInteger(dimensions) && (dimensions as number) > 0)) fail('dimensions', "'dimensions' must be a positive integer");
  const encoding = fields.encoding_format ?? 'float';
  if (encoding !== 'float' && encoding !== 'base64') fail('encoding_format', "'encoding_format' must be 'float' or 'base64'");
  return {
    model,
    provider: optionalString(fields, 'provider'),
    input,
    ...(dimensions !== undefined ? { dimensions: dimensions as number } : {}),
    encoding,
    user: optionalString(fields, 'user'),
  };
}
