import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { TurnFailedError } from './gateway-client';

/** One line saying what went wrong, for the chat user (never a stack trace). */
export function describeError(error: unknown, url: string): string {
  if (error instanceof APIUserAbortError) return 'cancelled';
  if (error instanceof APIConnectionTimeoutError) return `the gateway at ${url} did not answer in time`;
  if (error instanceof APIConnectionError) {
    const reason = rootCause(error);
    return `cannot reach the gateway at ${url}${reason ? ` (${reason})` : ''}`;
  }
  // instanceof leaves the SDK's type parameters `any`; APIError names its declared defaults
  if (error instanceof APIError) return describeApiError(error as APIError);
  if (error instanceof TurnFailedError) return `the response failed: ${error.message}${error.code ? ` [${error.code}]` : ''}`;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Open Responses error bodies: {"error": {"message", "type", "code", "param"}} with an HTTP status. */
function describeApiError(error: APIError): string {
  const body = error.error;
  const message = body && 'message' in body && typeof body.message === 'string' && body.message ? body.message : error.message;
  const details: string[] = [];
  if (error.param) details.push(`param ${error.param}`);
  if (typeof error.code === 'string' && error.code) details.push(error.code);
  const retryAfter = error.status === 429 ? error.headers?.get('retry-after') : null;
  if (retryAfter) details.push(`retry after ${retryAfter}s`);
  const status = error.status ? `HTTP ${error.status}: ` : '';
  const hint = error.status === 401 ? ' (pass --token or set LATTICELM_TOKEN)' : '';
  return `${status}${message}${details.length ? ` (${details.join(', ')})` : ''}${hint}`;
}

/** fetch wraps the socket error ("fetch failed" → ECONNREFUSED); the innermost code or message says the most. */
function rootCause(error: Error): string | undefined {
  let reason: string | undefined;
  for (let cause: unknown = error.cause, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    const code = (cause as { code?: unknown }).code;
    reason = typeof code === 'string' ? code : cause.message || reason;
  }
  return reason;
}
