/**
 * The configured store could not be opened at start-up. The message names the store and host and, however the
 * driver worded its error, never the password.
 */
export class StoreUnavailableError extends Error {
  constructor(store: string, cause: unknown, secret?: string) {
    let reason = cause instanceof Error ? cause.message || cause.name : String(cause);
    if (cause instanceof AggregateError && cause.errors.length > 0) reason = cause.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ');
    if (secret) reason = reason.split(secret).join('***');
    super(`conversation store ${store} is unavailable: ${reason}`);
    this.name = 'StoreUnavailableError';
  }
}
