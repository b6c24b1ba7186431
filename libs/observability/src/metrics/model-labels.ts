import type { GatewayConfig } from '@latticelm/config';

export const OTHER_MODEL = 'other';

/**
 * Keeps the model label bounded: only names from the `models` config appear in metrics, anything a client can
 * invent (prefix-routed or unknown names) becomes "other".
 */
export class ModelLabels {
  private readonly names: ReadonlySet<string>;
  /** provider + vendor model id → configured name, for provider calls that only carry the vendor id */
  private readonly byVendorId = new Map<string, string>();

  constructor(models: GatewayConfig['models']) {
    this.names = new Set(models.map((model) => model.name));
    for (const model of models) {
      const key = vendorKey(model.provider, model.providerModelId);
      // Several names may share one deployment; the first configured name labels it.
      if (!this.byVendorId.has(key)) this.byVendorId.set(key, model.name);
    }
  }

  /** The label for a client-facing model name. */
  forName(name: string | undefined): string {
    return name !== undefined && this.names.has(name) ? name : OTHER_MODEL;
  }

  /** The configured name behind a provider call, or undefined when the call was prefix-routed. */
  nameForCall(provider: string, vendorModelId: string): string | undefined {
    return this.byVendorId.get(vendorKey(provider, vendorModelId));
  }
}

function vendorKey(provider: string, vendorModelId: string): string {
  return `${provider}\u0000${vendorModelId}`;
}
