import { GatewayError } from '@latticelm/api';

/** The code of the 503 an open circuit answers with (libs/traffic raises it). */
export const CIRCUIT_OPEN_CODE = 'circuit_open';

export interface UpstreamFailure {
  provider: string;
  status?: number;
  message: string;
  param?: string | null;
  vendorCode?: string | null;
  /** response headers, for Retry-After */
  headers?: { get(name: string): string | null } | Record<string, string | undefined>;
}

function header(headers: UpstreamFailure['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  return (headers as Record<string, string | undefined>)[name];
}

/** Seconds to wait, from Retry-After (seconds or HTTP date) or the vendors' retry-after-ms. */
export function retryAfterSeconds(headers: UpstreamFailure['headers'], now = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms) / 1000);
  const value = header(headers, 'retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/**
 * One mapping of vendor HTTP failures for every provider: a vendor 4xx keeps its status and message, 429 keeps
 * Retry-After, a vendor 5xx becomes 502. The vendor's words stay in the message, prefixed with who said them.
 */
export function upstreamHttpError(failure: UpstreamFailure): GatewayError {
  const status = failure.status ?? 502;
  const message = `${failure.provider}: ${failure.message}`;
  if (status === 429) {
    return new GatewayError({
      status: 429,
      type: 'too_many_requests',
      code: 'upstream_rate_limited',
      message,
      retryable: true,
      retryAfter: retryAfterSeconds(failure.headers) ?? 1,
      origin: 'upstream',
    });
  }
  if (status >= 400 && status < 500) {
    const type = status === 404 ? 'not_found' : status === 401 ? 'authentication_error' : status === 403 ? 'permission_error' : 'invalid_request';
    return new GatewayError({
      status,
      type,
      code: failure.vendorCode ?? (status === 404 ? 'model_not_found' : 'upstream_invalid_request'),
      message,
      param: failure.param ?? null,
      origin: status === 401 || status === 403 ? 'upstream' : 'client',
    });
  }
  return new GatewayError({
    status: 502,
    type: 'model_error',
    code: 'upstream_error',
    message: `${message} (upstream status ${status})`,
    retryable: true,
    retryAfter: retryAfterSeconds(failure.headers),
    origin: 'upstream',
  });
}

export function upstreamTimeout(provider: string, what = 'did not answer in time'): GatewayError {
  return new GatewayError({ status: 504, type: 'timeout', code: 'upstream_timeout', message: `${provider}: ${what}`, retryable: true, origin: 'upstream' });
}

export function upstreamUnreachable(provider: string, detail: string): GatewayError {
  return new GatewayError({
    status: 502,
    type: 'model_error',
    code: 'upstream_unreachable',
    message: `${provider}: could not reach the provider (${detail})`,
    retryable: true,
    origin: 'upstream',
  });
}

/** The stream broke after it started (connection cut, malformed event). */
export function upstreamStreamError(provider: string, detail: string): GatewayError {
  return new GatewayError({
    status: 502,
    type: 'model_error',
    code: 'upstream_stream_error',
    message: `${provider}: the stream from the provider broke (${detail})`,
    retryable: true,
    origin: 'upstream',
  });
}

/** Raised when the client went away; never counted as a vendor fault. */
export class ClientAbortedError extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientAbortedError';
  }
}
