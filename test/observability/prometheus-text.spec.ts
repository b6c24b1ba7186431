import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrometheusText } from './prometheus-text';

describe('parsePrometheusText (the test parser itself)', () => {
  it('reads counters and histograms', () => {
    const text = [
      '# HELP a_total A counter.',
      '# TYPE a_total counter',
      'a_total{x="1",y="q\\"uote\\\\"} 3',
      '# TYPE h histogram',
      'h_bucket{le="0.1"} 1',
      'h_bucket{le="+Inf"} 2',
      'h_sum 0.3',
      'h_count 2',
      '',
    ].join('\n');
    const parsed = parsePrometheusText(text);
    assert.equal(parsed.value('a_total', { x: '1' }), 3);
    assert.equal(parsed.samples[0].labels.y, 'q"uote\\');
    assert.equal(parsed.value('h_count'), 2);
  });

  it('rejects what Prometheus rejects', () => {
    const bad = [
      'untyped_sample 1\n',
      '# TYPE a counter\na{1x="y"} 1\n',
      '# TYPE a counter\na{x="y\\q"} 1\n',
      '# TYPE a counter\na 1\na 2\n',
      '# TYPE a counter\na one\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n',
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_count 1\n',
      '# TYPE a counter\n# TYPE b counter\nb 1\na 1\n',
      '# TYPE a counter\na 1',
    ];
    for (const text of bad) assert.throws(() => parsePrometheusText(text), Error, JSON.stringify(text));
  });
});
