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
    const body = (error.error ?? {}) as OpenAIErrorBody;
    if (error.status === undefined) {
      // An `error` event inside the SSE stream: the SDK raises APIError without a status.
      return upstreamStreamError(provider, body.message ?? error.message);
    }
    return upstreamHttpError({
      provider,
      status: error.status,
      message: body.message ?? error.message,
      param: body.param,
      vendorCode: body.code,
      headers: error.headers,
    });
  }
  return upstreamStreamError(provider, error instanceof Error ? error.message : String(error));
}
