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
      return streamErrorEvent(provider, body.code, body.message ?? apiError.message, body.param);
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

/** The HTTP status OpenAI answers a request with for these error codes, when it reports them inside a stream. */
const STATUS_OF_STREAM_ERROR_CODE: Readonly<Record<string, number>> = { rate_limit_exceeded: 429, insufficient_quota: 429 };

/**
 * An `error` event (or a failed response) inside the vendor's stream. A quota or rate-limit error there means
 * what it means as an HTTP answer — before any output, the client gets the same 429 — anything else is the
 * vendor failing mid-stream.
 */
export function streamErrorEvent(provider: string, code: string | null | undefined, message: string, param?: string | null): GatewayError {
  const status = code ? STATUS_OF_STREAM_ERROR_CODE[code] : undefined;
  if (status !== undefined) return upstreamHttpError({ provider, status, message, param, vendorCode: code });
  return new GatewayError({
    status: 502,
    type: 'model_error',
    code: code ?? 'upstream_error',
    message: `${provider}: ${message}`,
    param: param ?? null,
    origin: 'upstream',
  });
}
