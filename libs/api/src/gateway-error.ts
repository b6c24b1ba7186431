/**
 * The one error model. Everything that fails on the request path becomes a GatewayError; one filter renders it
 * as the Open Responses error body, and once an SSE stream has started the assembler turns it into
 * `response.failed`.
 */
export type ErrorType =
  | 'invalid_request'
  | 'not_found'
  | 'authentication_error'
  | 'permission_error'
  | 'too_many_requests'
  /** OpenAI's name for a spent quota: a budget (429) */
  | 'insufficient_quota'
  | 'server_error'
  | 'model_error'
  | 'service_unavailable'
  | 'timeout';

export interface GatewayErrorInit {
  status: number;
  type: ErrorType;
  code: string;
  message: string;
  param?: string | null;
  retryable?: boolean;
  /** Seconds, for Retry-After. */
  retryAfter?: number;
  /** Extra response headers (e.g. WWW-Authenticate, RateLimit-*). */
  headers?: Record<string, string>;
  /** Which side failed, for metrics and breakers: the client's request, the gateway, or the upstream vendor. */
  origin?: 'client' | 'gateway' | 'upstream';
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string;
  readonly param: string | null;
  readonly retryable: boolean;
  readonly retryAfter?: number;
  readonly headers: Record<string, string>;
  readonly origin: 'client' | 'gateway' | 'upstream';

  constructor(init: GatewayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GatewayError';
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param ?? null;
    this.retryable = init.retryable ?? false;
    this.retryAfter = init.retryAfter;
    this.headers = init.headers ?? {};
    this.origin = init.origin ?? (init.status < 500 && init.status !== 429 ? 'client' : 'gateway');
  }

  toBody(): { error: { type: string; code: string; message: string; param: string | null } } {
    return { error: { type: this.type, code: this.code, message: this.message, param: this.param } };
  }

  responseHeaders(): Record<string, string> {
    const headers = { ...this.headers };
    if (this.retryAfter !== undefined) headers['retry-after'] = String(Math.max(0, Math.ceil(this.retryAfter)));
    return headers;
  }

  static invalidRequest(param: string | null, message: string, code = 'invalid_request'): GatewayError {
    return new GatewayError({ status: 400, type: 'invalid_request', code, message, param, origin: 'client' });
  }

  static unsupported(param: string, provider: string, what?: string): GatewayError {
    return new GatewayError({
      status: 400,
      type: 'invalid_request',
      code: 'unsupported_parameter',
      message: `${what ?? `'${param}'`} is not supported by provider '${provider}'`,
      param,
      origin: 'client',
    });
  }

  static notFound(message: string, code = 'not_found', param: string | null = null): GatewayError {
    return new GatewayError({ status: 404, type: 'not_found', code, message, param, origin: 'client' });
  }

  static internal(message = 'The gateway failed to process the request.', cause?: unknown): GatewayError {
    return new GatewayError({ status: 500, type: 'server_error', code: 'internal_error', message, cause, origin: 'gateway' });
  }

  static from(error: unknown): GatewayError {
    if (error instanceof GatewayError) return error;
    return GatewayError.internal(undefined, error);
  }
}
