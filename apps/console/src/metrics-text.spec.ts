import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sumMetric } from './metrics-text';

describe('sumMetric', () => {
  const text = [
    '# HELP latticelm_requests_total Requests',
    '# TYPE latticelm_requests_total counter',
    'latticelm_requests_total{provider="openai",model="gpt 4",status="ok"} 3',
    'latticelm_requests_total{provider="anthropic",model="x}y",status="ok"} 2 1700000000000',
    'latticelm_requests_total_extra 100',
    'latticelm_streams_in_flight 1',
  ].join('\n');

  it('adds up every sample of the metric and nothing of its namesakes', () => {
    assert.equal(sumMetric(text, 'latticelm_requests_total'), 5);
    assert.equal(sumMetric(text, 'latticelm_streams_in_flight'), 1);
    assert.equal(sumMetric(text, 'latticelm_cost_usd_total'), null);
  });
});
