/** A one-shot timer that can be pushed back (`refresh`: the full delay again, from now) or cancelled. */
export interface TrafficTimer {
  refresh(): void;
  cancel(): void;
}

/**
 * Time and chance for the traffic layer (token buckets, breaker Retry-After, retry backoff, call deadlines). One instance per
 * application; tests replace its methods on the instance they get from the app (`app.get(TrafficClock)`) so that
 * limits and backoff are exact without sleeping.
 */
export class TrafficClock {
  now(): number {
    return Date.now();
  }

  random(): number {
    return Math.random();
  }

  /** Calls `fire` after `ms` unless cancelled; does not keep the process alive. */
  timer(ms: number, fire: () => void): TrafficTimer {
    const handle = setTimeout(fire, ms);
    handle.unref();
    return { refresh: () => handle.refresh(), cancel: () => clearTimeout(handle) };
  }

  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
