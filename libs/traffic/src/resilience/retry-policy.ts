import { GatewayError } from '@latticelm/api';
import { isRetryable } from './upstream-fault';

export const RETRY_BASE_DELAY_MS = 250;
export const RETRY_MAX_DELAY_MS = 4_000;
/** A vendor asking to wait longer than this means "not now": a fallback serves instead, or the client gets the error. */
export const RETRY_AFTER_CAP_MS = 10_000;

/**
 * How long to wait before asking the same provider again after failed attempt number `attempt` (0-based), or
 * undefined when this failure is not worth retrying. Exponential backoff with equal jitter (half fixed, half
 * random) so that replicas failing together do not retry in lockstep; a vendor's Retry-After is honoured when it
 * is within the cap.
 */
export function retryDelayMs(error: unknown, attempt: number, random: () => number): number | undefined {
  if (!isRetryable(error)) return undefined;
  const ceiling = Math.min(RETRY_MAX_DELAY_MS, RETRY_BASE_DELAY_MS * 2 ** attempt);
  const backoff = ceiling / 2 + (random() * ceiling) / 2;
  const retryAfter = (error as GatewayError).retryAfter;
  if (retryAfter === undefined) return backoff;
  const retryAfterMs = retryAfter * 1000;
  return retryAfterMs > RETRY_AFTER_CAP_MS ? undefined : Math.max(backoff, retryAfterMs);
}
