import { GatewayError } from './gateway-error';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  message?: string;
}

/**
 * Errors raised before our code sees the request (body reader, router) carry an HTTP status; this maps them
 * to the one error model so that a client error is never rendered as a 500.
 */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  const httpLike = error as HttpLikeError | undefined;
  const status = httpLike?.status ?? httpLike?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 404) return GatewayError.notFound(httpLike?.message ?? 'Not found');
    if (status === 413) {
      return new GatewayError({ status: 413, type: 'invalid_request', code: 'request_too_large', message: httpLike?.message ?? 'Request body too large', param: 'body' });
    }
    return new GatewayError({ status, type: 'invalid_request', code: 'invalid_request', message: httpLike?.message ?? 'Bad request', origin: 'client' });
  }
  return GatewayError.internal(undefined, error);
}
