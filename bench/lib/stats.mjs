// Small descriptive statistics over arrays of numbers (milliseconds unless said otherwise).

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  const mean = count ? sorted.reduce((sum, value) => sum + value, 0) / count : NaN;
  return {
    count,
    mean,
    min: count ? sorted[0] : NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: count ? sorted[count - 1] : NaN,
  };
}

/** Element-wise a[i] − b[i] for paired (interleaved) samples. */
export function pairedDifference(a, b) {
  const length = Math.min(a.length, b.length);
  return Array.from({ length }, (_, index) => a[index] - b[index]);
}

export const nsToMs = (ns) => Number(ns) / 1e6;

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
