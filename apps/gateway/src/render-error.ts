import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError, toOpenAIErrorBody } from '@latticelm/api';
import { toMessagesErrorBody } from '@latticelm/messages';

/**
 * Each front door's clients read their vendor's error shape: every answer under /v1/messages has Anthropic's, under
 * /v1/chat/completions and /v1/embeddings OpenAI's (its `type` values), guards' and body reader's answers too.
 */
function errorBodyFor(req: IncomingMessage | undefined, error: GatewayError): unknown {
  const url = req?.url ?? '';
  if (url.startsWith('/v1/messages')) return toMessagesErrorBody(error);
  if (url.startsWith('/v1/chat/completions') || url.startsWith('/v1/embeddings')) return toOpenAIErrorBody(error);
  return error.toBody();
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
