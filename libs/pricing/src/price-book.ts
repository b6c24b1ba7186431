import type { GatewayConfig, ModelConfig, ProviderType } from '@latticelm/config';
import type { ModelPrice } from './model-price';
import { ratesOf } from './model-price';
import type { PriceTable } from './price-table';

/** Vendor model ids served without a `models` entry whose price is remembered; beyond that each is looked up anew. */
const MAX_MEMOIZED = 256;

/**
 * Every price the gateway will use, resolved once: each configured model's at start-up (its `pricing`, else the
 * table's entry for its provider_model_id, else for its name — an Azure deployment called after its model), and
 * names routed by prefix on first use, memoized. `undefined`: the model has no price and its cost is unknown.
 */
export class PriceBook {
  /** provider name → client-facing model name → price */
  private readonly configured = new Map<string, Map<string, ModelPrice | undefined>>();
  /** provider name → vendor model id → price, for names routed without an entry */
  private readonly routed = new Map<string, Map<string, ModelPrice | undefined>>();
  private memoized = 0;

  constructor(
    config: Pick<GatewayConfig, 'models' | 'providers'>,
    private readonly table: PriceTable,
  ) {
    for (const model of config.models) {
      const type = config.providers[model.provider]?.type;
      if (!type) continue;
      let byName = this.configured.get(model.provider);
      if (!byName) this.configured.set(model.provider, (byName = new Map<string, ModelPrice | undefined>()));
      byName.set(model.name, this.resolveConfigured(type, model));
    }
  }

  /** Configured models without a price, for the start-up log. */
  unpriced(): string[] {
    const names: string[] = [];
    for (const [provider, byName] of this.configured) for (const [name, price] of byName) if (!price) names.push(`${name} (${provider})`);
    return names;
  }

  /** `model`: the client-facing name of the attempt; `vendorModel`: the id sent to the vendor. */
  priceFor(provider: string, type: ProviderType, model: string | undefined, vendorModel: string): ModelPrice | undefined {
    const byName = this.configured.get(provider);
    if (model !== undefined && byName?.has(model)) return byName.get(model);
    let byId = this.routed.get(provider);
    if (byId?.has(vendorModel)) return byId.get(vendorModel);
    const price = this.table.lookup(type, vendorModel);
    if (this.memoized < MAX_MEMOIZED) {
      if (!byId) this.routed.set(provider, (byId = new Map<string, ModelPrice | undefined>()));
      byId.set(vendorModel, price);
      this.memoized += 1;
    }
    return price;
  }

  private resolveConfigured(type: ProviderType, model: ModelConfig): ModelPrice | undefined {
    if (model.pricing) return { rates: ratesOf(model.pricing) };
    return this.table.lookup(type, model.providerModelId) ?? this.table.lookup(type, model.name);
  }
}
