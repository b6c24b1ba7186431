import type { ServerResponse } from 'node:http';
import { GatewayError } from '@latticelm/api';

/** Writes the Open Responses error body with the error's status and headers. */
export function renderError(res: ServerResponse, error: GatewayError): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  const body = JSON.stringify(error.toBody());
  res.writeHead(error.status, {
    ...error.responseHeaders(),
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}
