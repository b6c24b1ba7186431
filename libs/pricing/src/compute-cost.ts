import type { ProviderUsage } from '@latticelm/providers';
import type { ModelPrice, Rates } from './model-price';

/**
 * The cost in USD of one vendor call from the usage it reported, or undefined when it cannot be known exactly (a
 * figure the usage needs is unknown, or the counts contradict each other). Cached and cache-write tokens are part
 * of inputTokens, reasoning tokens part of outputTokens; each kind is billed at its own rate.
 */
export function computeCost(price: ModelPrice, usage: ProviderUsage): number | undefined {
  const { longContext } = price;
  const rates = longContext && usage.inputTokens > longContext.aboveInputTokens ? longContext.rates : price.rates;
  const written = usage.cacheWriteTokens ?? 0;
  const fresh = usage.inputTokens - usage.cachedTokens - written;
  const visible = usage.outputTokens - usage.reasoningTokens;
  if (fresh < 0 || visible < 0) return undefined;
  const perMillion =
    term(fresh, rates.input) +
    term(usage.cachedTokens, rates.cachedInput) +
    term(written, rates.cacheWrite) +
    term(visible, rates.output) +
    term(usage.reasoningTokens, rates.reasoning);
  if (Number.isNaN(perMillion)) return undefined;
  // Twelve decimals (a millionth of a micro-dollar) drop the float noise of the sum, not a figure.
  return Math.round(perMillion * 1e6) / 1e12;
}

function term(tokens: number, rate: Rates[keyof Rates]): number {
  if (tokens === 0) return 0;
  return rate === null ? Number.NaN : tokens * rate;
}
