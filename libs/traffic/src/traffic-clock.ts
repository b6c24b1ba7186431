/**
 * Time and chance for the traffic layer (token buckets, breaker Retry-After, retry backoff). One instance per
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
