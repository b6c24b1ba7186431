import type { GatewayEventMap } from '@latticelm/api';
import { GatewayEvents } from '@latticelm/api';
import { TrafficClock } from '@latticelm/traffic';
import type { RunningGateway } from '../support/gateway-harness';

export { postResponse } from '../support/gateway-harness';

/** Every event of one kind the gateway publishes, in order. */
export function recordEvents<K extends keyof GatewayEventMap>(gateway: RunningGateway, name: K): GatewayEventMap[K][] {
  const seen: GatewayEventMap[K][] = [];
  gateway.app.get(GatewayEvents).on(name, (payload) => seen.push(payload));
  return seen;
}

/**
 * Resolves on the next `circuit.state` event reaching `to` for the provider. opossum's reset timer is unref'd, so a
 * ref'd watchdog keeps the process alive meanwhile (and fails the wait if it never comes).
 */
export function circuitReaches(gateway: RunningGateway, provider: string, to: GatewayEventMap['circuit.state']['to'], withinMs = 5_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const watchdog = setTimeout(() => {
      off();
      reject(new Error(`circuit of ${provider} did not reach ${to} within ${withinMs}ms`));
    }, withinMs);
    const off = gateway.app.get(GatewayEvents).on('circuit.state', (change) => {
      if (change.provider !== provider || change.to !== to) return;
      clearTimeout(watchdog);
      off();
      resolve();
    });
  });
}

/** Freezes the gateway's traffic clock at `start`; the returned handle moves it. */
export function manualClock(gateway: RunningGateway, start = 1_700_000_000_000) {
  const clock = gateway.app.get(TrafficClock);
  let now = start;
  clock.now = () => now;
  return {
    advance(ms: number) {
      now += ms;
    },
  };
}

/** Retry backoff without waiting: records each requested delay; random() fixed at 0.5. */
export function instantSleep(gateway: RunningGateway): number[] {
  const clock = gateway.app.get(TrafficClock);
  const delays: number[] = [];
  clock.random = () => 0.5;
  clock.sleep = async (ms: number) => {
    delays.push(ms);
  };
  return delays;
}
