import type { Logger } from '@nestjs/common';
import { GatewayError, GatewayEvents } from '@latticelm/api';
import { ClientAbortedError } from '@latticelm/providers';
import type { ShutdownState } from '../shutdown/shutdown-state';
import type { TrafficClock } from '../traffic-clock';
import { retryDelayMs } from './retry-policy';
import { CIRCUIT_OPEN_CODE, SHUTTING_DOWN_CODE } from './upstream-fault';

export interface RetryLoopDeps {
  events: GatewayEvents;
  clock: TrafficClock;
  shutdown: ShutdownState;
  logger: Logger;
}

export interface RetriedCall {
  provider: string;
  maxRetries: number;
  signal: AbortSignal;
  requestId: string;
  /** once output reached the client, a failure is final */
  hasOutput?: () => boolean;
}

/**
 * Runs `attempt` until it succeeds or its failure may not be retried: bounded, jittered retries (Retry-After
 * honoured, retryDelayMs), none once output went out, none after the client left or the shutdown deadline. When
 * our own failed attempt opened the circuit, the client hears what the vendor said (429, 504, 502…), not the
 * breaker's 503.
 */
export async function retryAttempts<T>(deps: RetryLoopDeps, call: RetriedCall, attempt: () => Promise<T>): Promise<T> {
  let previous: unknown;
  for (let count = 0; ; count++) {
    if (deps.shutdown.deadline.aborted) throw shuttingDown();
    try {
      return await attempt();
    } catch (error) {
      if (call.signal.aborted) throw error instanceof ClientAbortedError ? error : new ClientAbortedError();
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a caught error rethrown; the undefined check narrows unknown to {}
      if (previous !== undefined && isCircuitOpen(error)) throw previous;
      previous = error;
      if (call.hasOutput?.() || count >= call.maxRetries) throw error;
      const delayMs = retryDelayMs(error, count, () => deps.clock.random());
      if (delayMs === undefined) throw error;
      deps.logger.warn(`provider "${call.provider}" attempt ${count + 1} failed (${describeError(error)}); retrying in ${Math.round(delayMs)}ms`, { request_id: call.requestId });
      deps.events.emit('upstream.retry', { provider: call.provider, attempt: count + 1 });
      await pause(deps, delayMs, call.signal);
    }
  }
}

async function pause(deps: RetryLoopDeps, ms: number, signal: AbortSignal): Promise<void> {
  try {
    await deps.clock.sleep(ms, AbortSignal.any([signal, deps.shutdown.deadline]));
  } catch {
    if (signal.aborted) throw new ClientAbortedError();
    throw shuttingDown();
  }
}

/** The 503 for work the shutdown deadline stopped. */
export function shuttingDown(): GatewayError {
  return new GatewayError({
    status: 503,
    type: 'service_unavailable',
    code: SHUTTING_DOWN_CODE,
    message: 'the gateway is shutting down and could not finish this response within server.shutdown_timeout; retry',
    retryable: true,
    retryAfter: 1,
    origin: 'gateway',
  });
}

function isCircuitOpen(error: unknown): boolean {
  return error instanceof GatewayError && error.code === CIRCUIT_OPEN_CODE;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
