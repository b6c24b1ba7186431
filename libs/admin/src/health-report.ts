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

/** Providers whose breaker is open are down; half-open ones are recovering. */
export function circuitCheck(states: Readonly<Record<string, string>>): HealthCheck {
  const open = Object.keys(states).filter((name) => states[name] === 'open');
  const halfOpen = Object.keys(states).filter((name) => states[name] === 'half_open');
  const total = Object.keys(states).length;
  if (total > 0 && open.length === total) return { status: 'unhealthy', message: `every circuit is open: ${open.join(', ')}`, states };
  if (open.length || halfOpen.length) {
    return { status: 'degraded', message: [open.length && `open: ${open.join(', ')}`, halfOpen.length && `half-open: ${halfOpen.join(', ')}`].filter(Boolean).join('; '), states };
  }
  return { status: 'healthy', message: 'all circuits closed', states };
}
