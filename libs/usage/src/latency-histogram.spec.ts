import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUCKET_COUNT, bucketOf, bucketUpperBound, decodeHistogram, emptyHistogram, encodeHistogram, percentile } from './latency-histogram';

function histogramOf(values: number[]) {
  const histogram = emptyHistogram();
  for (const value of values) histogram[bucketOf(value)] += 1;
  return histogram;
}

describe('latency histogram', () => {
  it('puts a value in the bucket whose bounds hold it: (0, 1] first, then four per doubling, the rest last', () => {
    assert.equal(bucketOf(0), 0);
    assert.equal(bucketOf(1), 0);
    assert.equal(bucketOf(1.0001), 1);
    assert.equal(bucketOf(2), 4, 'a bound belongs to the bucket below it');
    assert.equal(bucketOf(2.0001), 5);
    assert.equal(bucketOf(1024), 40);
    assert.equal(bucketOf(10 * 3_600_000), BUCKET_COUNT - 1);
    assert.equal(bucketOf(Number.NaN), 0);
    for (let index = 1; index < BUCKET_COUNT - 1; index++) {
      assert.equal(bucketOf(bucketUpperBound(index)), index);
      assert.equal(bucketOf(bucketUpperBound(index) * 1.0001), index + 1);
    }
  });

  it('estimates percentiles within a bucket of the exact value (±10%)', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 20 + i * 0.98);
    const histogram = histogramOf(values);
    for (const [q, exact] of [[0.5, values[499]], [0.95, values[949]], [0.99, values[989]]] as const) {
      const estimate = percentile(histogram, q);
      assert.ok(estimate !== null && Math.abs(estimate - exact) / exact < 0.1, `p${q * 100}: ${estimate} vs ${exact}`);
    }
  });

  it('answers null when empty, and the lower bound of the open last bucket', () => {
    assert.equal(percentile(emptyHistogram(), 0.5), null);
    const huge = histogramOf([5 * 3_600_000]);
    assert.equal(percentile(huge, 0.5), Math.round(2 ** ((BUCKET_COUNT - 2) / 4) * 10) / 10);
    assert.equal(percentile(histogramOf([0.5, 0.5]), 1), 1, 'the first bucket interpolates linearly up to 1 ms');
  });

  it('merging histograms and then taking percentiles equals taking them of all the values', () => {
    const a = histogramOf([10, 12, 500]);
    const b = histogramOf([11, 13, 14, 900]);
    const merged = emptyHistogram();
    for (const h of [a, b]) for (let i = 0; i < BUCKET_COUNT; i++) merged[i] += h[i];
    assert.deepEqual(merged, histogramOf([10, 12, 500, 11, 13, 14, 900]));
  });

  it('encodes the non-empty buckets only, and decodes back (ignoring what is not a bucket)', () => {
    const histogram = histogramOf([1, 2, 2, 1024]);
    assert.equal(encodeHistogram(histogram), '0:1,4:2,40:1');
    assert.deepEqual(decodeHistogram('0:1,4:2,40:1'), histogram);
    assert.deepEqual(decodeHistogram(''), emptyHistogram());
    assert.deepEqual(decodeHistogram('999:4,x:1,4:2,0:1,40:1'), histogram);
  });
});
