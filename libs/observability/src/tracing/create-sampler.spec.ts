import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { createSampler } from './create-sampler';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function decide(type: 'always' | 'never' | 'probability', rate: number, parentSampled?: boolean): SamplingDecision {
  const context =
    parentSampled === undefined
      ? ROOT_CONTEXT
      : trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: 'b7ad6b7169203331', traceFlags: parentSampled ? TraceFlags.SAMPLED : TraceFlags.NONE, isRemote: true });
  return createSampler({ type, rate }).shouldSample(context, TRACE_ID, 'span', SpanKind.SERVER, {}, []).decision;
}

describe('createSampler', () => {
  it('samples new traces always, never or by rate', () => {
    assert.equal(decide('always', 1), SamplingDecision.RECORD_AND_SAMPLED);
    assert.equal(decide('never', 1), SamplingDecision.NOT_RECORD);
    assert.equal(decide('probability', 0), SamplingDecision.NOT_RECORD);
    assert.equal(decide('probability', 1), SamplingDecision.RECORD_AND_SAMPLED);
  });

  it("follows the caller's decision in traceparent", () => {
    assert.equal(decide('never', 0, true), SamplingDecision.RECORD_AND_SAMPLED);
    assert.equal(decide('always', 1, false), SamplingDecision.NOT_RECORD);
  });
});
