import type { GatewayError } from './gateway-error';

/**
 * OpenAI's `error.type` for an answer of this status, as its API sends it: `invalid_request_error` for client
 * errors (401 and 404 included: `invalid_api_key`, `model_not_found` are codes), `requests` for a rate limit and
 * `insufficient_quota` for quota, `server_error` for the rest.
 */
export function openAIErrorType(error: GatewayError): string {
  if (error.status === 429) return error.code === 'insufficient_quota' ? 'insufficient_quota' : 'requests';
  return error.status < 500 ? 'invalid_request_error' : 'server_error';
}

/** The body OpenAI's clients read on the OpenAI-compatible front doors (Chat Completions, embeddings). */
export function toOpenAIErrorBody(error: GatewayError): { error: { message: string; type: string; param: string | null; code: string } } {
  return { error: { message: error.message, type: openAIErrorType(error), param: error.param, code: error.code } };
}
