import { GatewayError } from '@latticelm/api';
import type { MessagesErrorBody, MessagesErrorType } from './messages.types';

/**
 * The Messages API's error types by HTTP status (https://platform.claude.com/docs/en/api/errors): 400
 * invalid_request_error, 401 authentication_error, 402 billing_error, 403 permission_error, 404
 * not_found_error, 413 request_too_large, 429 rate_limit_error, 500 api_error, 504 timeout_error, 529
 * overloaded_error. The gateway's 503 (an open circuit, a store or issuer down, shutting down) is the vendor's
 * "temporarily overloaded"; its 502 (the vendor failed) is an api_error.
 */
const TYPES_BY_STATUS: Readonly<Record<number, MessagesErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

export function messagesErrorType(status: number): MessagesErrorType {
  return TYPES_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** `{"type":"error","error":{"type","message"}}`; the message names the field, as the gateway's messages do. */
export function toMessagesErrorBody(error: GatewayError): MessagesErrorBody {
  return { type: 'error', error: { type: messagesErrorType(error.status), message: error.message } };
}

/** Codes of failures that end a stream after its 200, by the status they have before one. */
const STREAM_FAILURE_STATUS: Readonly<Record<string, number>> = {
  upstream_rate_limited: 429,
  rate_limit_exceeded: 429,
  upstream_timeout: 504,
  circuit_open: 503,
  server_shutting_down: 503,
};

/** A stream's `error` event for a failure after output began, known by its code and message only. */
export function toStreamErrorBody(failure: { code: string; message: string }): MessagesErrorBody {
  return { type: 'error', error: { type: messagesErrorType(STREAM_FAILURE_STATUS[failure.code] ?? 500), message: failure.message } };
}
