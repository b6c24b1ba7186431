import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '@latticelm/api';
import { toMessagesErrorBody } from '@latticelm/messages';

/** Anthropic's clients read Anthropic's error shape: every answer under /v1/messages has it, guards' and body reader's too. */
function errorBodyFor(req: IncomingMessage | undefined, error: GatewayError): unknown {
  return req?.url?.startsWith('/v1/messages') ? toMessagesErrorBody(error) : error.toBody();
}

/** Writes the error body (Open Responses', or the front door's own) with the error's status and headers. */
export function renderError(res: ServerResponse, error: GatewayError): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const body = JSON.stringify(errorBodyFor(res.req, error));
  res.writeHead(error.status, {
    ...error.responseHeaders(),
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
