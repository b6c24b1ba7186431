import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '@latticelm/api';
import { messagesErrorType, toMessagesErrorBody } from './messages-error';

describe('Messages API errors', () => {
  it('take the vendor’s type for each status', () => {
    const types = [400, 401, 403, 404, 413, 429, 500, 502, 503, 504, 409, 599].map(messagesErrorType);
    assert.deepEqual(types, [
      'invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'request_too_large', 'rate_limit_error',
      'api_error', 'api_error', 'overloaded_error', 'timeout_error', 'invalid_request_error', 'api_error',
    ]);
  });

  it('have the shape {type: "error", error: {type, message}} with the message naming the field', () => {
    const error = GatewayError.invalidRequest('messages[0].role', "'messages[0].role' must be 'user' or 'assistant'");
    assert.deepEqual(toMessagesErrorBody(error), { type: 'error', error: { type: 'invalid_request_error', message: "'messages[0].role' must be 'user' or 'assistant'" } });
  });
});
