import { Inject, Injectable, Logger, Optional, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult } from '@nestjs/terminus';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { CircuitBreakers, ProviderCircuitState, ShutdownState } from '@latticelm/traffic';
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
    /** per provider: "open" when every circuit of it is open, "partially_open" when some models' are */
    circuits: Record<string, ProviderCircuitState>;
    /**
     * Can the gateway answer at all: "healthy"; "degraded: …" while some providers are down and another can
     * serve (still ready); "unhealthy: no provider can serve…" when every provider's circuits are open (not ready).
     */
    upstreams: CheckOutcome | `degraded: ${string}`;
    /** present while the gateway drains before shutdown */
    shutdown?: 'draining';
  };
}

const STORE = 'conversation_store';
const PROVIDERS = 'providers';

/**
 * Readiness through terminus: the conversation store answers, a provider is configured, and the gateway is not
 * draining. A provider whose circuits are open is reported but does not fail readiness while another provider can
 * serve: taking every replica out of the load balancer for one vendor's outage would turn a partial outage into a
 * full one. When no provider can serve (every circuit open), the replica is not ready.
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
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
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
    const circuits = this.breakers?.states() ?? {};
    const upstreams = upstreamsOutcome(Object.keys(this.config.providers), circuits);
    const report: ReadinessReport = {
      status: result.status === 'ok' && !draining && !upstreams.startsWith('unhealthy') ? 'ready' : 'not_ready',
      timestamp: Math.floor(Date.now() / 1000),
      checks: {
        conversation_store: outcome(result.details, STORE),
        providers: outcome(result.details, PROVIDERS),
        circuits,
        upstreams,
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

/** A provider without a breaker (or with some circuit not open) can serve; one with every circuit open cannot. */
export function upstreamsOutcome(providers: readonly string[], circuits: Readonly<Record<string, ProviderCircuitState>>): ReadinessReport['checks']['upstreams'] {
  if (providers.length === 0) return 'healthy';
  const down = providers.filter((name) => circuits[name] === 'open');
  if (down.length === 0) return 'healthy';
  if (down.length === providers.length) return `unhealthy: no provider can serve (every circuit open: ${down.join(', ')})`;
  return `degraded: ${down.join(', ')} down (every circuit open); ${providers.length - down.length} other provider(s) serving`;
}
