import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CircuitState, GatewayEvents } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import type { CallInterceptor } from '@latticelm/providers';
import { TrafficClock } from '../traffic-clock';
import { CircuitBreakerInterceptor } from './circuit-breaker.interceptor';
import { ProviderCircuit } from './provider-circuit';

/**
 * One circuit breaker per configured provider. The composition root puts each one's interceptor into that
 * provider's call chain, inside the deadlines' reach so that a timeout counts as a failure. Readiness, admin and
 * metrics read `states()`.
 */
@Injectable()
export class CircuitBreakers implements OnModuleDestroy {
  private readonly logger = new Logger('CircuitBreaker');
  private readonly circuits = new Map<string, ProviderCircuit>();

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly events: GatewayEvents,
    private readonly clock: TrafficClock,
  ) {
    for (const provider of Object.values(config.providers)) {
      const circuit = new ProviderCircuit(provider.name, provider.circuitBreaker, this.clock, (from, to) => this.changed(provider.name, from, to));
      this.circuits.set(provider.name, circuit);
    }
  }

  /** The breaker of a configured provider as a call interceptor; none when its breaker is disabled. */
  interceptor(provider: string): CallInterceptor | undefined {
    const circuit = this.circuits.get(provider);
    return circuit?.enabled ? new CircuitBreakerInterceptor(circuit) : undefined;
  }

  onModuleDestroy(): void {
    for (const circuit of this.circuits.values()) circuit.shutdown();
  }

  states(): Record<string, CircuitState> {
    return Object.fromEntries([...this.circuits].map(([name, circuit]) => [name, circuit.state]));
  }

  state(provider: string): CircuitState | undefined {
    return this.circuits.get(provider)?.state;
  }

  private changed(provider: string, from: CircuitState, to: CircuitState): void {
    const message = `provider "${provider}": circuit ${from} → ${to}`;
    if (to === 'open') this.logger.warn(message);
    else this.logger.log(message);
    this.events.emit('circuit.state', { provider, from, to });
  }
}
