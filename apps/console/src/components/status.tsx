import type { ComponentChildren } from 'preact';
import { ApiError, isMissing } from '../api';

/** What went wrong, said for an operator: 401 and 403 name the credential, a 404 route is a feature that is off. */
export function describeError(error: unknown, missing = 'Not available on this gateway.'): string {
  if (isMissing(error) && (error as ApiError).code !== 'api_key_not_found') return missing;
  if (error instanceof ApiError) {
    if (error.status === 401) return `Sign-in required: ${error.message}`;
    if (error.status === 403) return `Not allowed with this credential: ${error.message}`;
    return error.param ? `${error.message} (${error.param})` : error.message;
  }
  if (error instanceof Error) return error.name === 'TypeError' ? `The gateway did not answer: ${error.message}` : error.message;
  return String(error);
}

export function ErrorNote({ error, missing }: { error: unknown; missing?: string }) {
  const absent = isMissing(error) && missing !== undefined;
  return (
    <p class={absent ? 'note empty' : 'note error'} role={absent ? 'status' : 'alert'}>
      {describeError(error, missing)}
    </p>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p class="note" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

const TONES: Record<string, string> = {
  healthy: 'good',
  available: 'good',
  closed: 'good',
  active: 'good',
  degraded: 'warn',
  half_open: 'warn',
  partially_open: 'warn',
  expired: 'warn',
  unhealthy: 'bad',
  unavailable: 'bad',
  open: 'bad',
  revoked: 'bad',
};

export function Badge({ state, children }: { state: string; children?: ComponentChildren }) {
  return <span class={`badge ${TONES[state] ?? 'neutral'}`}>{children ?? state.replace(/_/g, ' ')}</span>;
}

export function Tile({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div class="tile">
      <dt>{label}</dt>
      <dd>
        {value}
        {hint ? <small>{hint}</small> : null}
      </dd>
    </div>
  );
}

/**
 * What a page says about one load while it has no data to show: the error, "Loading…", or, for a route this
 * gateway lacks (answered `null`), why there is nothing.
 */
export function LoadNotes({ loaded, what, absent }: { loaded: { data: unknown; error: unknown; loading: boolean }; what: string; absent?: string }) {
  return (
    <>
      {loaded.error ? <ErrorNote error={loaded.error} missing={absent} /> : null}
      {loaded.loading && loaded.data === undefined ? <Loading what={what} /> : null}
      {absent && loaded.data === null ? (
        <p class="note empty" role="status">
          {absent}
        </p>
      ) : null}
    </>
  );
}
