import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { GatewayError } from '@latticelm/api';
import { ClientAbortedError, upstreamHttpError, upstreamStreamError, upstreamTimeout, upstreamUnreachable } from '../upstream-error';

interface OpenAIErrorBody {
  message?: string;
  code?: string | null;
  param?: string | null;
}

/** Maps the `openai` SDK's errors (and mid-stream failures) to the gateway's error model. */
export function mapOpenAIError(provider: string, error: unknown, signal?: AbortSignal): Error {
  if (error instanceof GatewayError || error instanceof ClientAbortedError) return error;
  if (error instanceof APIUserAbortError || signal?.aborted) return new ClientAbortedError();
  if (error instanceof APIConnectionTimeoutError) return upstreamTimeout(provider);
  if (error instanceof APIConnectionError) return upstreamUnreachable(provider, error.message);
  if (error instanceof APIError) {
    // instanceof leaves the SDK's type parameters `any`; these are its declared defaults
    const apiError = error as APIError;
    const body = (apiError.error ?? {}) as OpenAIErrorBody;
    if (apiError.status === undefined) {
      // An `error` event inside the SSE stream: the SDK raises APIError without a status.
      return upstreamStreamError(provider, body.message ?? apiError.message);
    }
    return upstreamHttpError({
      provider,
      status: apiError.status,
      message: body.message ?? apiError.message,
      param: body.param,
      vendorCode: body.code,
      headers: apiError.headers,
    });
  }
  return upstreamStreamError(provider, error instanceof Error ? error.message : String(error));
}
