import { GatewayError } from '@latticelm/api';
import { CIRCUIT_OPEN_CODE, ClientAbortedError } from '@latticelm/providers';

export { CIRCUIT_OPEN_CODE };
export const SHUTTING_DOWN_CODE = 'gateway_shutting_down';
/** The gateway holding calls back while a vendor's 429 Retry-After runs (the vendor's code, passed on). */
export const COOLING_DOWN_CODE = 'upstream_rate_limited';

/** A vendor 429 (or our cool-down passing one on): back-pressure, which never counts toward opening a circuit. */
export function isBackPressure(error: unknown): error is GatewayError {
  return error instanceof GatewayError && error.status === 429 && error.origin === 'upstream';
}

/**
 * Does this failure say the provider is unhealthy? Only vendor faults count against a circuit breaker: upstream
 * errors, 5xx, 429, timeouts and broken connections — never the client's own 4xx nor the client going away.
 */
export function isUpstreamFault(error: unknown): boolean {
  if (error instanceof ClientAbortedError) return false;
  if (!(error instanceof GatewayError)) return true;
  if (error.code === CIRCUIT_OPEN_CODE || error.code === SHUTTING_DOWN_CODE) return false;
  if (error.origin === 'client') return false;
  return error.origin === 'upstream' || error.status >= 500 || error.status === 429;
}

/** Does this failure count toward opening a circuit? A fault, but not the vendor's back-pressure. */
export function countsAgainstCircuit(error: unknown): boolean {
  return isUpstreamFault(error) && !isBackPressure(error);
}

/** May the same provider be asked again (before any output)? Connection errors, timeouts, 429 and 5xx. */
export function isRetryable(error: unknown): boolean {
  return error instanceof GatewayError && error.retryable && error.origin === 'upstream' && error.code !== CIRCUIT_OPEN_CODE;
}

/** May a fallback model serve instead? Any provider-side failure, including an open circuit; never a client error. */
export function allowsFallback(error: unknown): boolean {
  return error instanceof GatewayError && error.code === CIRCUIT_OPEN_CODE ? true : isUpstreamFault(error);
}
