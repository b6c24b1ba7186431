import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, Sampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-base';
import type { ObservabilityConfig } from '@latticelm/config';

/**
 * `observability.tracing.sampler`: always, never or probability(rate) for new traces. Parent-based, so a
 * caller's sampling decision in `traceparent` is honoured and one trace is never half recorded.
 */
export function createSampler(sampler: ObservabilityConfig['tracing']['sampler']): Sampler {
  const root =
    sampler.type === 'always'
      ? new AlwaysOnSampler()
      : sampler.type === 'never'
        ? new AlwaysOffSampler()
        : new TraceIdRatioBasedSampler(sampler.rate);
  return new ParentBasedSampler({ root });
}
