import type { GatewayConfig } from '@latticelm/config';

export const OTHER_LABEL = 'other';

/** How many names routed by prefix (or by an explicit `provider`) get a label of their own, per process. */
export const MAX_ROUTED_MODEL_LABELS = 32;

/**
 * Keeps the model label bounded: the names under `models:` are labels from start-up; a name routed without an
 * entry (`claude-3-5-sonnet-20241022` by its prefix) earns its own label once a vendor served it, while fewer than
 * `maxRouted` have; anything else (unknown names, names the vendor refused, the rest) is "other". Admitting only
 * what a vendor served keeps clients from filling the set with invented names.
 */
export class ModelLabels {
  private readonly configured: ReadonlySet<string>;
  private readonly routed = new Set<string>();

  constructor(
    models: GatewayConfig['models'],
    private readonly maxRouted = MAX_ROUTED_MODEL_LABELS,
  ) {
    this.configured = new Set(models.map((model) => model.name));
  }

  /** The label of a client-facing model name. */
  forName(name: string | undefined): string {
    return name !== undefined && (this.configured.has(name) || this.routed.has(name)) ? name : OTHER_LABEL;
  }

  /** The label of a name a vendor just served, admitting it while there is room. */
  served(name: string): string {
    if (this.configured.has(name) || this.routed.has(name)) return name;
    if (this.routed.size >= this.maxRouted) return OTHER_LABEL;
    this.routed.add(name);
    return name;
  }
}
