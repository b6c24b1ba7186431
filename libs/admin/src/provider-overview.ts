import { GatewayConfig, redactText } from '@latticelm/config';

/** Circuit state per provider name, as the traffic layer reports it ("closed", "open", "half-open"). */
export type CircuitStates = Readonly<Record<string, string>>;

export interface ProviderOverview {
  name: string;
  type: string;
  /** the configured endpoint with any credentials masked; null when the vendor default is used */
  endpoint: string | null;
  /** "available", or "unavailable" when the provider failed to start */
  status: 'available' | 'unavailable';
  /** null when no circuit breaker reports on it */
  circuit: string | null;
  models: { name: string; provider_model_id: string; fallbacks: string[]; circuit?: string; cooling_down_s?: number }[];
}

/** One circuit per provider and vendor model id. */
export interface ModelCircuit {
  provider: string;
  model: string;
  state: string;
  cooling_down_s?: number;
}

export function providerOverview(
  config: GatewayConfig,
  isAvailable: (name: string) => boolean,
  circuits: CircuitStates,
  modelCircuits: readonly ModelCircuit[] = [],
): ProviderOverview[] {
  const circuitOf = (provider: string, model: string) => modelCircuits.find((entry) => entry.provider === provider && entry.model === model);
  return Object.values(config.providers).map((provider) => ({
    name: provider.name,
    type: provider.type,
    endpoint: provider.endpoint ? redactText(provider.endpoint) : null,
    status: isAvailable(provider.name) ? 'available' : 'unavailable',
    circuit: circuits[provider.name] ?? null,
    models: config.models
      .filter((model) => model.provider === provider.name)
      .map((model) => {
        const circuit = circuitOf(provider.name, model.providerModelId);
        return {
          name: model.name,
          provider_model_id: model.providerModelId,
          fallbacks: [...model.fallbacks],
          ...(circuit ? { circuit: circuit.state } : {}),
          ...(circuit?.cooling_down_s ? { cooling_down_s: circuit.cooling_down_s } : {}),
        };
      }),
  }));
}
