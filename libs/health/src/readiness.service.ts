import { Inject, Injectable, Logger, Optional, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';
import type { CircuitState } from '@latticelm/api';
import { CircuitBreakers, ShutdownState } from '@latticelm/traffic';
import { ConversationStoreHealthIndicator } from './conversation-store.health';
import { ProvidersHealthIndicator } from './providers.health';

export type CheckOutcome = 'healthy' | `unhealthy: ${string}`;

/** The seed's readiness body (terminus's own shape is rendered into it). */
export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  timestamp: number;
  checks: {
    conversation_store: CheckOutcome;
    providers: CheckOutcome;
    circuits: Record<string, CircuitState>;
    /** present while the gateway drains before shutdown */
    shutdown?: 'draining';
  };
}

const STORE = 'conversation_store';
const PROVIDERS = 'providers';

/**
 * Readiness through terminus: the conversation store answers, a provider is configured, and the gateway is not
 * draining. Circuit states are reported but do not fail readiness: an open circuit is a vendor's outage, and
 * taking every replica out of the load balancer for it would turn a partial outage into a full one.
 */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger('Readiness');
  private inflight: Promise<ReadinessReport> | undefined;
  private lastStatus: ReadinessReport['status'] | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly store: ConversationStoreHealthIndicator,
    private readonly providers: ProvidersHealthIndicator,
    // explicit tokens: a `T | null` parameter type is emitted as Object and would never resolve
    @Optional() @Inject(CircuitBreakers) private readonly breakers: CircuitBreakers | null,
    @Optional() @Inject(ShutdownState) private readonly shutdown: ShutdownState | null,
  ) {}

  /** Concurrent probes share one round of checks, so a slow store is not asked once per probe. */
  check(): Promise<ReadinessReport> {
    this.inflight ??= this.run().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async run(): Promise<ReadinessReport> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([() => this.store.check(STORE), () => this.providers.check(PROVIDERS)]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const draining = (this.shutdown?.draining ?? false) || result.status === 'shutting_down';
    const report: ReadinessReport = {
      status: result.status === 'ok' && !draining ? 'ready' : 'not_ready',
      timestamp: Math.floor(Date.now() / 1000),
      checks: {
        conversation_store: outcome(result.details, STORE),
        providers: outcome(result.details, PROVIDERS),
        circuits: this.breakers?.states() ?? {},
      },
    };
    if (draining) report.checks.shutdown = 'draining';
    this.noteTransition(report);
    return report;
  }

  /** Probes repeat every few seconds: log only when readiness changes. */
  private noteTransition(report: ReadinessReport): void {
    if (report.status === this.lastStatus) return;
    if (report.status === 'not_ready') this.logger.warn(`not ready: ${JSON.stringify(report.checks)}`);
    else if (this.lastStatus !== undefined) this.logger.log('ready again');
    this.lastStatus = report.status;
  }
}

function outcome(details: HealthIndicatorResult, key: string): CheckOutcome {
  const detail = details[key];
  if (!detail) return 'unhealthy: not checked';
  if (detail.status === 'up') return 'healthy';
  const message = typeof detail.message === 'string' ? detail.message : 'down';
  return `unhealthy: ${message}`;
}
