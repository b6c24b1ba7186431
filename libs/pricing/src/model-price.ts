/**
 * A model's prices in USD per million tokens, every default already applied. `null`: the figure is not known, so
 * a response that used tokens of that kind has no cost rather than a guessed one.
 */
export interface Rates {
  input: number | null;
  cachedInput: number | null;
  cacheWrite: number | null;
  output: number | null;
  reasoning: number | null;
}

export interface ModelPrice {
  rates: Rates;
  /** the rates that apply instead when a request's input tokens (cache reads and writes included) exceed the threshold */
  longContext?: { aboveInputTokens: number; rates: Rates };
}

/** A figure as written (config or data file): a number, null (unknown) or absent (defaults). */
export interface FigureInput {
  input?: number | null;
  cachedInput?: number | null;
  cacheWrite?: number | null;
  output?: number | null;
  reasoning?: number | null;
}

/** Cached input and cache writes cost the input price unless stated, reasoning the output price: the vendors' rules. */
export function ratesOf(figures: FigureInput): Rates {
  const input = figures.input ?? null;
  const output = figures.output ?? null;
  return {
    input,
    cachedInput: figures.cachedInput === undefined ? input : figures.cachedInput,
    cacheWrite: figures.cacheWrite === undefined ? input : figures.cacheWrite,
    output,
    reasoning: figures.reasoning === undefined ? output : figures.reasoning,
  };
}
