import { GatewayError } from './gateway-error';
import { MAX_NESTING_DEPTH, findTooDeep } from './nesting-limit';
import { normalizeInput } from './normalize-request';
import type { ItemReference } from './normalized-request';
import type { ConversationItem } from './open-responses.types';

/** A validated POST /v1/responses/compact body (the spec's CompactResponseMethodPublicBody, plus `provider`). */
export interface NormalizedCompactRequest {
  model: string;
  provider?: string;
  input: (ConversationItem | ItemReference)[];
  previousResponseId?: string;
  instructions?: string;
  promptCacheKey?: string;
}

const FIELDS = new Set(['model', 'input', 'previous_response_id', 'instructions', 'prompt_cache_key', 'provider']);

function fail(param: string, message: string, code = 'invalid_request'): never {
  throw GatewayError.invalidRequest(param, message, code);
}

function optionalString(body: Record<string, unknown>, key: string, maxLength = Infinity): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(key, `'${key}' must be a string`);
  if (value.length > maxLength) fail(key, `'${key}' must be at most ${maxLength} characters`);
  return value;
}

/** Every error names its field; `model` is required (the spec's only required field). */
export function normalizeCompactRequest(body: unknown): NormalizedCompactRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail('body', 'the request body must be a JSON object');
  const fields = body as Record<string, unknown>;
  const tooDeep = findTooDeep(fields);
  if (tooDeep !== undefined) fail(tooDeep, `the request body nests deeper than ${MAX_NESTING_DEPTH} levels at '${tooDeep}'`, 'nesting_too_deep');
  for (const key of Object.keys(fields)) if (!FIELDS.has(key)) fail(key, `unknown parameter '${key}'`, 'unknown_parameter');
  const model = optionalString(fields, 'model');
  if (model === undefined) fail('model', "'model' is required", 'missing_required_parameter');
  if (model.trim() === '') fail('model', "'model' must not be empty");
  return {
    model,
    provider: optionalString(fields, 'provider'),
    input: normalizeInput(fields.input),
    previousResponseId: optionalString(fields, 'previous_response_id'),
    instructions: optionalString(fields, 'instructions'),
    // The spec's CompactResponseMethodPublicBody: "maxLength": 64.
    promptCacheKey: optionalString(fields, 'prompt_cache_key', 64),
  };
}
