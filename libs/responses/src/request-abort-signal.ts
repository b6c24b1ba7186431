import type { IncomingMessage, ServerResponse } from 'node:http';

/** Aborts when the client goes away before the answer is complete, so the upstream call stops at once. */
export function requestAbortSignal(request: IncomingMessage, response: ServerResponse): AbortSignal {
  const controller = new AbortController();
  const onClose = () => {
    if (!response.writableFinished) controller.abort();
  };
  response.once('close', onClose);
  request.once('aborted', onClose);
  return controller.signal;
}
