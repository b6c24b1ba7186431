import { GatewayError } from '@latticelm/api';

const REALM = 'Bearer realm="latticelm"';

/**
 * RFC 6750 §3: a 401 carries `WWW-Authenticate: Bearer realm=…`, with `error="invalid_token"` when a token was
 * sent; the description is ours and never echoes the token or the expected values.
 */
export function unauthorized(description: string, code = 'invalid_token'): GatewayError {
  return new GatewayError({
    status: 401,
    type: 'authentication_error',
    code,
    message: description,
    // §3.1: a request without credentials gets the challenge alone, no error code.
    headers: {
      'www-authenticate':
        code === 'missing_token' ? REALM : `${REALM}, error="invalid_token", error_description="${quoteSafe(description)}"`,
    },
    origin: 'client',
  });
}

/** RFC 6750 §3.1 insufficient_scope: the token is fine, the principal lacks the admin claim. */
export function forbidden(description: string): GatewayError {
  return new GatewayError({
    status: 403,
    type: 'permission_error',
    code: 'insufficient_permissions',
    message: description,
    headers: { 'www-authenticate': `${REALM}, error="insufficient_scope"` },
    origin: 'client',
  });
}

/** The issuer (discovery or JWKS) cannot be reached: not the client's fault, so no 401. */
export function issuerUnavailable(description: string, retryAfterSeconds: number, cause?: unknown): GatewayError {
  return new GatewayError({
    status: 503,
    type: 'service_unavailable',
    code: 'auth_issuer_unavailable',
    message: description,
    retryable: true,
    retryAfter: retryAfterSeconds,
    origin: 'upstream',
    cause,
  });
}

function quoteSafe(text: string): string {
  return text.replace(/["\\\r\n]/g, ' ');
}
