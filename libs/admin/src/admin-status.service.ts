import { Inject, Injectable, Optional } from '@nestjs/common';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { ConversationStore } from '@latticelm/conversations';
import { ProviderRegistry } from '@latticelm/providers';
import { CircuitBreakers } from '@latticelm/traffic';
import { HealthCheck, HealthReport, circuitCheck, overallStatus } from './health-report';
import { packageVersion } from './package-version';
import { CircuitStates, ProviderOverview, providerOverview } from './provider-overview';
import { SystemInfo, systemInfo } from './system-info';

const STORE_CHECK_TIMEOUT_MS = 2_000;

/** Everything the admin API reports, gathered from the live services. */
@Injectable()
export class AdminStatusService {
  private readonly startedAt = Date.now();
  private readonly version = packageVersion();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(ConversationStore) private readonly store: ConversationStore,
    private readonly registry: ProviderRegistry,
    // absent when the traffic module is not loaded: then no breaker states are reported
    @Optional() @Inject(CircuitBreakers) private readonly circuits?: CircuitBreakers | null,
  ) {}

  info(): SystemInfo {
    return systemInfo(this.version, this.startedAt, Date.now(), this.config.source);
  }

  providers(): ProviderOverview[] {
    return providerOverview(this.config, (name) => this.registry.get(name) !== undefined, this.circuitStates() ?? {}, this.circuits?.circuits() ?? []);
  }

  async health(): Promise<HealthReport> {
    const checks: Record<string, HealthCheck> = {
      conversation_store: await this.storeCheck(),
      providers: this.providersCheck(),
    };
    const states = this.circuitStates();
    if (states) checks.circuits = circuitCheck(states);
    return { status: overallStatus(checks), timestamp: new Date().toISOString(), checks };
  }

  private async storeCheck(): Promise<HealthCheck> {
    const kind = this.store.kind;
    if (!this.config.conversations.enabled) return { status: 'healthy', message: 'conversation storage is disabled', kind };
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.store.checkHealth(),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${STORE_CHECK_TIMEOUT_MS} ms`)), STORE_CHECK_TIMEOUT_MS);
        }),
      ]);
      return { status: 'healthy', message: 'store reachable', kind, latency_ms: roundMs(performance.now() - started) };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { status: 'unhealthy', message: `store check failed: ${reason}`, kind, latency_ms: roundMs(performance.now() - started) };
    } finally {
      clearTimeout(timer);
    }
  }

  private providersCheck(): HealthCheck {
    const configured = Object.keys(this.config.providers);
    const available = configured.filter((name) => this.registry.get(name) !== undefined);
    if (configured.length === 0) return { status: 'unhealthy', message: 'no providers configured', configured: 0, available: 0 };
    const missing = configured.filter((name) => !available.includes(name));
    if (missing.length) {
      return { status: 'degraded', message: `failed to start: ${missing.join(', ')}`, configured: configured.length, available: available.length };
    }
    return { status: 'healthy', message: 'all configured providers started', configured: configured.length, available: available.length };
  }

  private circuitStates(): CircuitStates | undefined {
    return this.circuits?.states();
  }
}

function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}
