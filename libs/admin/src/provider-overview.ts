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
  models: { name: string; provider_model_id: string; fallbacks: string[] }[];
}

export function providerOverview(config: GatewayConfig, isAvailable: (name: string) => boolean, circuits: CircuitStates): ProviderOverview[] {
  return Object.values(config.providers).map((provider) => ({
    name: provider.name,
    type: provider.type,
    endpoint: provider.endpoint ? redactText(provider.endpoint) : null,
    status: isAvailable(provider.name) ? 'available' : 'unavailable',
    circuit: circuits[provider.name] ?? null,
    models: config.models
      .filter((model) => model.provider === provider.name)
      .map((model) => ({ name: model.name, provider_model_id: model.providerModelId, fallbacks: [...model.fallbacks] })),
  }));
}
