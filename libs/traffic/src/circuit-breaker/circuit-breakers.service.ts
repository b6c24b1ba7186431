import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CircuitState, GatewayEvents } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { ProviderRegistry } from '@latticelm/providers';
import { TimeoutProvider } from '../resilience/timeout.provider';
import { TrafficClock } from '../traffic-clock';
import { CircuitBreakingProvider } from './circuit-breaking.provider';
import { ProviderCircuit } from './provider-circuit';

/**
 * One circuit breaker per configured provider, applied once at start-up around the provider port together with
 * its timeouts (breaker outside, so a timeout counts as a failure). Readiness, admin and metrics read `states()`.
 */
@Injectable()
export class CircuitBreakers implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CircuitBreaker');
  private readonly circuits = new Map<string, ProviderCircuit>();

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: ProviderRegistry,
    private readonly events: GatewayEvents,
    private readonly clock: TrafficClock,
  ) {}

  onModuleInit(): void {
    this.registry.decorate((provider) => {
      const config = this.config.providers[provider.name];
      if (!config) return provider;
      const circuit = new ProviderCircuit(provider.name, config.circuitBreaker, this.clock, (from, to) => this.changed(provider.name, from, to));
      this.circuits.set(provider.name, circuit);
      return new CircuitBreakingProvider(new TimeoutProvider(provider, config), circuit);
    });
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
