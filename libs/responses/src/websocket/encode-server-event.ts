import type { GatewayError, GatewayStreamEvent } from '@latticelm/api';

/** A streaming event as one WebSocket message: the same object as an SSE `data:` line. */
export function encodeStreamEvent(event: GatewayStreamEvent): string {
  return JSON.stringify(event);
}

/**
 * "WebSocket failures MUST be sent as a JSON error envelope with a status code and an error.code"
 * (WebSocketErrorEvent): `{type: "error", status, error: {type, code, message, param}}`.
 */
export function encodeErrorEvent(error: GatewayError): string {
  const { error: body } = error.toBody();
  return JSON.stringify({ type: 'error', status: error.status, error: body });
}
