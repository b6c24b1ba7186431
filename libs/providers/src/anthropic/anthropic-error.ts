import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { GatewayError } from '@latticelm/api';
import { ClientAbortedError, upstreamHttpError, upstreamStreamError, upstreamTimeout, upstreamUnreachable } from '../upstream-error';

/** The vendor's error body: `{"type":"error","error":{"type":"…","message":"…"},"request_id":"…"}`. */
interface AnthropicErrorBody {
  type?: string;
  error?: { type?: string; message?: string };
}

/**
 * HTTP status of each error type, for `error` events inside a stream, which carry no status.
 * https://platform.claude.com/docs/en/api/errors#http-errors
 */
const STATUS_BY_ERROR_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** Maps the `@anthropic-ai/sdk` errors (and mid-stream `error` events) to the gateway's error model. */
export function mapAnthropicError(provider: string, error: unknown, signal?: AbortSignal): Error {
  if (error instanceof GatewayError || error instanceof ClientAbortedError) return error;
  if (error instanceof APIUserAbortError || signal?.aborted) return new ClientAbortedError();
  if (error instanceof APIConnectionTimeoutError) return upstreamTimeout(provider);
  if (error instanceof APIConnectionError) return upstreamUnreachable(provider, error.message);
  if (error instanceof APIError) {
    // instanceof leaves the SDK's type parameters `any`; these are its declared defaults
    const apiError = error as APIError;
    const body = (typeof apiError.error === 'object' && apiError.error !== null ? apiError.error : {}) as AnthropicErrorBody;
    const vendorType = body.error?.type ?? apiError.type ?? undefined;
    const message = body.error?.message ?? apiError.apiMessage ?? apiError.message;
    // An `event: error` in the SSE stream (e.g. overloaded_error) is raised without an HTTP status.
    const status = apiError.status ?? (vendorType ? STATUS_BY_ERROR_TYPE[vendorType] : undefined);
    if (status === undefined) return upstreamStreamError(provider, message);
    return upstreamHttpError({ provider, status, message, vendorCode: apiError.errorCode, headers: apiError.headers });
  }
  return upstreamStreamError(provider, error instanceof Error ? error.message : String(error));
}
