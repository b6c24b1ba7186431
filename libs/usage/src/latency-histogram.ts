/**
 * Fixed log-scale buckets for latencies in milliseconds, so that percentiles survive being summed into daily
 * roll-ups: four buckets per doubling (each bound 19% above the last: an estimate is off by less than that), from
 * ≤ 1 ms to > 2^21.75 ms (about 58 minutes). A histogram is a dense array of counts, one per bucket.
 */
export const BUCKETS_PER_DOUBLING = 4;
export const BUCKET_COUNT = 89;
const LAST = BUCKET_COUNT - 1;

export type Histogram = number[];

export function emptyHistogram(): Histogram {
  return new Array<number>(BUCKET_COUNT).fill(0);
}

/** Bucket 0 holds (0, 1] ms; bucket i holds (2^((i-1)/4), 2^(i/4)]; the last holds everything above its lower bound. */
export function bucketOf(ms: number): number {
  if (!(ms > 1)) return 0;
  const index = Math.ceil(Math.log2(ms) * BUCKETS_PER_DOUBLING - 1e-9);
  return index > LAST ? LAST : index;
}

export function bucketUpperBound(index: number): number {
  return 2 ** (index / BUCKETS_PER_DOUBLING);
}

function bucketLowerBound(index: number): number {
  return index === 0 ? 0 : 2 ** ((index - 1) / BUCKETS_PER_DOUBLING);
}

export function addToHistogram(into: Histogram, from: Histogram): void {
  for (let index = 0; index < BUCKET_COUNT; index++) into[index] += from[index] ?? 0;
}

/**
 * The q-quantile (0 < q ≤ 1) estimated from the counts, interpolated within its bucket on the log scale (linearly
 * in the first, whose lower bound is 0); the last, open bucket answers its lower bound. Null for an empty histogram.
 */
export function percentile(histogram: Histogram, q: number): number | null {
  let total = 0;
  for (const count of histogram) total += count;
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let index = 0; index < BUCKET_COUNT; index++) {
    const count = histogram[index];
    if (count === 0) continue;
    if (seen + count >= rank) {
      const fraction = Math.min(1, Math.max(0, (rank - seen) / count));
      const lower = bucketLowerBound(index);
      if (index === LAST) return round(lower);
      const upper = bucketUpperBound(index);
      return round(index === 0 ? upper * fraction : lower * (upper / lower) ** fraction);
    }
    seen += count;
  }
  return round(bucketLowerBound(LAST));
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** "3:5,17:2": the non-empty buckets, for a text column. */
export function encodeHistogram(histogram: Histogram): string {
  const parts: string[] = [];
  for (let index = 0; index < BUCKET_COUNT; index++) if (histogram[index] > 0) parts.push(`${index}:${histogram[index]}`);
  return parts.join(',');
}

export function decodeHistogram(text: string): Histogram {
  const histogram = emptyHistogram();
  if (!text) return histogram;
  for (const part of text.split(',')) {
    const colon = part.indexOf(':');
    const index = Number(part.slice(0, colon));
    const count = Number(part.slice(colon + 1));
    if (Number.isInteger(index) && index >= 0 && index < BUCKET_COUNT && Number.isFinite(count)) histogram[index] += count;
  }
  return histogram;
}
