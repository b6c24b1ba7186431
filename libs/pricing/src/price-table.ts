import type { ProviderType } from '@latticelm/config';
import { FigureInput, ModelPrice, ratesOf } from './model-price';

/** An entry of prices.json: figures in snake_case, or `same_as` another entry of the same vendor. */
interface RawEntry {
  input?: number | null;
  cached_input?: number | null;
  cache_write?: number | null;
  output?: number | null;
  reasoning?: number | null;
  long_context?: RawEntry & { above_input_tokens: number };
  same_as?: string;
}

export interface RawPriceFile {
  vendors: Record<string, { serves: string[]; models: Record<string, RawEntry> }>;
}

/** Version and date suffixes a vendor appends to a family's id: -20250929, -2024-08-06, @20250929, -latest, -001. */
const VERSION_SUFFIX = /(?:-\d{8}|-\d{4}-\d{2}-\d{2}|@\d{8}|-latest|-\d{3})$/;

/**
 * The built-in prices by provider type, parsed once at start-up. A vendor model id is looked up as given, then
 * without its version suffix, so dated snapshots (`claude-sonnet-4-5-20250929`) take their family's price.
 */
export class PriceTable {
  private readonly byType = new Map<string, ReadonlyMap<string, ModelPrice>>();

  constructor(file: RawPriceFile) {
    for (const [vendor, { serves, models }] of Object.entries(file.vendors)) {
      const prices = new Map<string, ModelPrice>();
      for (const [id, entry] of Object.entries(models)) prices.set(id, parseEntry(vendor, id, entry, models));
      for (const type of serves) this.byType.set(type, prices);
    }
  }

  lookup(type: ProviderType, modelId: string): ModelPrice | undefined {
    const prices = this.byType.get(type);
    if (!prices) return undefined;
    const id = modelId.toLowerCase().replace(/^models\//, '');
    return prices.get(id) ?? prices.get(id.replace(VERSION_SUFFIX, ''));
  }
}

function parseEntry(vendor: string, id: string, entry: RawEntry, models: Record<string, RawEntry>): ModelPrice {
  if (entry.same_as !== undefined) {
    const target = models[entry.same_as];
    if (!target || target.same_as !== undefined) throw new Error(`prices.json: ${vendor}.${id}.same_as names no priced entry "${entry.same_as}"`);
    return parseEntry(vendor, entry.same_as, target, models);
  }
  const price: ModelPrice = { rates: ratesOf(figures(vendor, id, entry)) };
  const long = entry.long_context;
  if (long) price.longContext = { aboveInputTokens: long.above_input_tokens, rates: ratesOf(figures(vendor, `${id}.long_context`, long)) };
  return price;
}

function figures(vendor: string, id: string, entry: RawEntry): FigureInput {
  const result: FigureInput = { input: entry.input, cachedInput: entry.cached_input, cacheWrite: entry.cache_write, output: entry.output, reasoning: entry.reasoning };
  for (const [key, value] of Object.entries(result)) {
    if (value !== undefined && value !== null && !(typeof value === 'number' && value >= 0)) throw new Error(`prices.json: ${vendor}.${id}.${key} must be a number >= 0 or null`);
  }
  if (result.input === undefined || result.output === undefined) throw new Error(`prices.json: ${vendor}.${id} needs input and output (a number, or null when unknown)`);
  return result;
}
