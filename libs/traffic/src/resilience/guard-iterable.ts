export interface IterationGuard {
  /** ms allowed until the first item; 0 means no limit */
  firstItemMs: number;
  /** ms allowed between two items; 0 means no limit */
  idleMs: number;
  timeoutError(first: boolean): Error;
  /** when this aborts, the iteration stops with stopError() (the shutdown deadline) */
  stop?: AbortSignal;
  stopError?: () => Error;
}

/**
 * Iterates `open(signal)` under deadlines. The source gets its own AbortSignal, aborted when the caller's signal
 * aborts, a deadline passes or `stop` fires, so a timed-out or stopped upstream call is cancelled at once rather
 * than abandoned while it keeps a socket open.
 */
export async function* guardIterable<T>(
  open: (signal: AbortSignal) => AsyncIterable<T>,
  outer: AbortSignal,
  guard: IterationGuard,
): AsyncGenerator<T> {
  const controller = new AbortController();
  const forward = () => controller.abort(outer.reason);
  if (outer.aborted) forward();
  else outer.addEventListener('abort', forward, { once: true });
  const iterator = open(controller.signal)[Symbol.asyncIterator]();
  let finished = false;
  let first = true;
  try {
    for (;;) {
      if (guard.stop?.aborted) throw stopError(guard);
      const result = await nextWithin(iterator, first ? guard.firstItemMs : guard.idleMs, guard, first, controller);
      if (result.done) {
        finished = true;
        return;
      }
      first = false;
      yield result.value;
    }
  } finally {
    outer.removeEventListener('abort', forward);
    if (!finished) {
      controller.abort();
      // Closes the upstream call; when the source is still inside next() this settles after the abort lands.
      iterator.return?.().catch(() => undefined);
    }
  }
}

function nextWithin<T>(
  iterator: AsyncIterator<T>,
  ms: number,
  guard: IterationGuard,
  first: boolean,
  controller: AbortController,
): Promise<IteratorResult<T>> {
  const next = iterator.next();
  if (!ms && !guard.stop) return next;
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      guard.stop?.removeEventListener('abort', onStop);
    };
    const fail = (error: Error) => {
      cleanup();
      controller.abort(error);
      reject(error);
    };
    const onStop = () => fail(stopError(guard));
    const timer = ms ? setTimeout(() => fail(guard.timeoutError(first)), ms) : undefined;
    guard.stop?.addEventListener('abort', onStop, { once: true });
    // The source's own settlement after a deadline (usually its abort error) is handled here and ignored.
    next.then(
      (result) => {
        cleanup();
        resolve(result);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}

function stopError(guard: IterationGuard): Error {
  return guard.stopError?.() ?? new Error('stopped');
}
