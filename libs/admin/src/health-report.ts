export type CheckStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface HealthCheck {
  status: CheckStatus;
  message: string;
  [detail: string]: unknown;
}

export interface HealthReport {
  status: CheckStatus;
  timestamp: string;
  checks: Record<string, HealthCheck>;
}

/** The worst check decides: any unhealthy → unhealthy, any degraded → degraded. */
export function overallStatus(checks: Record<string, HealthCheck>): CheckStatus {
  const statuses = Object.values(checks).map((check) => check.status);
  if (statuses.includes('unhealthy')) return 'unhealthy';
  if (statuses.includes('degraded')) return 'degraded';
  return 'healthy';
}

/**
 * Providers whose every circuit is open are down; some models' circuits open is degraded. A half-open circuit is
 * reported as such (it admits trial requests and closes on the next successes), not as degraded: an idle one
 * stays half-open until traffic arrives.
 */
export function circuitCheck(states: Readonly<Record<string, string>>): HealthCheck {
  const named = (state: string) => Object.keys(states).filter((name) => states[name] === state);
  const open = named('open');
  const partial = named('partially_open');
  const halfOpen = named('half_open');
  const total = Object.keys(states).length;
  if (total > 0 && open.length === total) return { status: 'unhealthy', message: `every circuit is open: ${open.join(', ')}`, states };
  const halfOpenNote = halfOpen.length ? `half-open (admitting trial requests): ${halfOpen.join(', ')}` : '';
  if (open.length || partial.length) {
    const parts = [open.length && `open: ${open.join(', ')}`, partial.length && `some models open: ${partial.join(', ')}`, halfOpenNote];
    return { status: 'degraded', message: parts.filter(Boolean).join('; '), states };
  }
  return { status: 'healthy', message: halfOpenNote || 'all circuits closed', states };
}
