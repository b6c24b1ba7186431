import type { ServerResponse } from 'node:http';

/**
 * Aborts when the client goes away before the answer is complete, so the upstream call stops at once. The
 * response's `close` comes for every way a client can leave (request aborted, socket reset).
 */
export function requestAbortSignal(response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  return controller.signal;
}
