import { GatewayError, NormalizedRequest, normalizeRequest } from '@latticelm/api';

export type ClientEvent = { ok: true; request: NormalizedRequest } | { ok: false; error: GatewayError };

/** "HTTP/SSE transport-specific fields such as stream, stream_options, and background MUST NOT be sent" (spec). */
const HTTP_ONLY_FIELDS = ['stream', 'stream_options', 'background'];

/**
 * One WebSocket message from the client → a streamed request, or the error event that answers it. The only
 * client event is `response.create`: the response-create body plus `type` (WebSocketResponseCreateEvent).
 */
export function readClientEvent(data: string | Buffer): ClientEvent {
  let body: unknown;
  try {
    body = JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
  } catch (error) {
    return refuse(null, `the message is not valid JSON (${error instanceof Error ? error.message : String(error)})`, 'invalid_json');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse(null, 'the message must be a JSON object: {"type": "response.create", ...}');
  const { type, ...fields } = body as Record<string, unknown>;
  if (type === undefined) return refuse('type', "'type' is required: {\"type\": \"response.create\", ...}", 'missing_required_parameter');
  if (type !== 'response.create') return refuse('type', `unsupported client event type ${JSON.stringify(type)}; the only one is "response.create"`, 'unsupported_event_type');
  for (const field of HTTP_ONLY_FIELDS) {
    if (field in fields) return refuse(field, `'${field}' is an HTTP field and must not be sent on a WebSocket (every response streams)`, 'unsupported_parameter');
  }
  try {
    return { ok: true, request: { ...normalizeRequest(fields), stream: true } };
  } catch (error) {
    return { ok: false, error: GatewayError.from(error) };
  }
}

function refuse(param: string | null, message: string, code = 'invalid_request'): ClientEvent {
  return { ok: false, error: GatewayError.invalidRequest(param, message, code) };
}
