import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { CircuitState, GatewayEvents } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig, ProviderConfig } from '@latticelm/config';
import type { CallInterceptor } from '@latticelm/providers';
import { TrafficClock } from '../traffic-clock';
import { CircuitBreakerInterceptor } from './circuit-breaker.interceptor';
import { ProviderCircuit } from './provider-circuit';

/** Model names routed by prefix (not under `models:`) get circuits of their own up to this many per provider. */
export const DYNAMIC_CIRCUITS_PER_PROVIDER = 32;
/** The circuit shared by a provider's prefix-routed models beyond the cap. */
export const OVERFLOW_CIRCUIT = '*';

/** A provider's circuits summed up: every circuit open is the provider down; some open is it partly down. */
export type ProviderCircuitState = CircuitState | 'partially_open';

export interface CircuitReport {
  provider: string;
  /** the vendor model id (deployment) the circuit guards */
  model: string;
  state: CircuitState;
  /** seconds left of a vendor 429's Retry-After, when cooling down */
  cooling_down_s?: number;
}

/** One provider's circuits, keyed by vendor model id; those of configured models exist from start-up. */
class ProviderCircuits {
  readonly byModel = new Map<string, ProviderCircuit>();
  private dynamic = 0;

  constructor(
    readonly config: ProviderConfig,
    private readonly create: (model: string, config: ProviderConfig['circuitBreaker']) => ProviderCircuit,
  ) {}

  add(model: string, breaker: ProviderConfig['circuitBreaker']): void {
    if (!this.byModel.has(model)) this.byModel.set(model, this.create(model, breaker));
  }

  /** The circuit for a vendor model id; a prefix-routed name gets its own until the cap, then the shared one. */
  for(model: string): ProviderCircuit {
    const existing = this.byModel.get(model);
    if (existing) return existing;
    const key = this.dynamic < DYNAMIC_CIRCUITS_PER_PROVIDER ? model : OVERFLOW_CIRCUIT;
    let circuit = this.byModel.get(key);
    if (!circuit) {
      circuit = this.create(key, this.config.circuitBreaker);
      this.byModel.set(key, circuit);
      if (key !== OVERFLOW_CIRCUIT) this.dynamic += 1;
    }
    return circuit;
  }
}

/**
 * Circuit breakers per provider *and* model (the vendor model id, an Azure deployment): one bad model cannot
 * close its provider's other models. Each model's thresholds are its `models[].circuit_breaker` over its
 * provider's. The composition root puts one interceptor per provider into that provider's call chain, inside the
 * deadlines' reach so that a timeout counts as a failure; it picks the circuit by the request's model. Readiness,
 * admin and metrics read `circuits()` and `states()`.
 */
@Injectable()
export class CircuitBreakers implements OnModuleDestroy {
  private readonly logger = new Logger('CircuitBreaker');
  private readonly providers = new Map<string, ProviderCircuits>();

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly events: GatewayEvents,
    private readonly clock: TrafficClock,
  ) {
    for (const provider of Object.values(config.providers)) {
      if (!provider.circuitBreaker.enabled) continue;
      const circuits = new ProviderCircuits(
        provider,
        (model, breaker) => new ProviderCircuit(provider.name, breaker, this.clock, (from, to) => this.changed(provider.name, model, from, to), model),
      );
      this.providers.set(provider.name, circuits);
    }
    for (const model of config.models) {
      const circuits = this.providers.get(model.provider);
      const breaker = model.circuitBreaker ?? circuits?.config.circuitBreaker;
      // A model may turn its breaker off while its provider's stays on: it then runs without one.
      if (circuits && breaker) circuits.add(model.providerModelId, breaker);
    }
  }

  /** The breaker of a configured provider as a call interceptor; none when its breaker is disabled. */
  interceptor(provider: string): CallInterceptor | undefined {
    const circuits = this.providers.get(provider);
    return circuits ? new CircuitBreakerInterceptor((model) => circuits.for(model)) : undefined;
  }

  onModuleDestroy(): void {
    for (const circuits of this.providers.values()) for (const circuit of circuits.byModel.values()) circuit.shutdown();
  }

  /** Every circuit with its state (and any cool-down), for admin, readiness and metrics. */
  circuits(): CircuitReport[] {
    const reports: CircuitReport[] = [];
    for (const [provider, circuits] of this.providers) {
      for (const [model, circuit] of circuits.byModel) {
        const cooling = circuit.coolDownRemaining();
        reports.push({ provider, model, state: circuit.state, ...(cooling > 0 ? { cooling_down_s: cooling } : {}) });
      }
    }
    return reports;
  }

  /** Per provider: "open" only when every circuit of it is open; "partially_open" when some are. */
  states(): Record<string, ProviderCircuitState> {
    return Object.fromEntries([...this.providers.keys()].map((provider) => [provider, this.state(provider) ?? 'closed']));
  }

  state(provider: string): ProviderCircuitState | undefined {
    const circuits = this.providers.get(provider);
    if (!circuits) return undefined;
    const states = [...circuits.byModel.values()].filter((circuit) => circuit.enabled).map((circuit) => circuit.state);
    if (states.length === 0) return 'closed';
    const open = states.filter((state) => state === 'open').length;
    if (open === states.length) return 'open';
    if (open > 0) return 'partially_open';
    return states.includes('half_open') ? 'half_open' : 'closed';
  }

  private changed(provider: string, model: string, from: CircuitState, to: CircuitState): void {
    const message = `provider "${provider}" model "${model}": circuit ${from} → ${to}`;
    if (to === 'open') this.logger.warn(message);
    else this.logger.log(message);
    this.events.emit('circuit.state', { provider, model, from, to });
  }
}
