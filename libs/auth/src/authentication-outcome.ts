import { GatewayError, Principal } from '@latticelm/api';
import { unauthorized } from './auth-errors';

/**
 * passport's verdict (error, principal, info) → the principal, or the GatewayError to answer with. Shared by the
 * HTTP guard and the WebSocket upgrade, so both refuse a token with the same status and words.
 */
export function authenticationOutcome(error: unknown, principal: unknown, info: unknown): Principal {
  if (error instanceof GatewayError) throw error;
  if (info instanceof GatewayError) throw info;
  if (error) throw unauthorized('the token could not be verified');
  if (!principal) throw reasonFor(info);
  return principal as Principal;
}

/** passport-jwt reports jsonwebtoken's errors as `info`; map them to messages that leak nothing. */
function reasonFor(info: unknown): GatewayError {
  const name = info instanceof Error ? info.name : '';
  const message = info instanceof Error ? info.message : '';
  if (message === 'No auth token') return unauthorized('a bearer token is required (Authorization: Bearer <token>)', 'missing_token');
  if (name === 'TokenExpiredError') return unauthorized('the token has expired');
  if (name === 'NotBeforeError') return unauthorized('the token is not valid yet');
  if (/audience/.test(message)) return unauthorized('the token is not meant for this gateway (aud)');
  if (/signature/.test(message)) return unauthorized('the token signature is invalid');
  if (/algorithm/.test(message)) return unauthorized('the token signing algorithm is not accepted');
  return unauthorized('the token is malformed or invalid');
}
