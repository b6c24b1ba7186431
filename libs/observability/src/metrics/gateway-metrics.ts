import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { ProviderUsage } from '@latticelm/providers';
import { METRIC } from './metric-providers';

/** `{provider, model}`, plus `caller` when that dimension is on and `key` for an API key's request: built once per provider attempt. */
export type UsageLabels = { provider: string; model: string; caller?: string; key?: string };

/** The gateway's Prometheus instruments, injected once; recorders take plain values and build one label object each. */
@Injectable()
export class GatewayMetrics {
  constructor(
    @InjectMetric(METRIC.httpRequests) readonly httpRequests: Counter<string>,
    @InjectMetric(METRIC.httpDuration) readonly httpDuration: Histogram<string>,
    @InjectMetric(METRIC.requests) readonly requests: Counter<string>,
    @InjectMetric(METRIC.requestDuration) readonly requestDuration: Histogram<string>,
    @InjectMetric(METRIC.timeToFirstToken) readonly timeToFirstToken: Histogram<string>,
    @InjectMetric(METRIC.timePerOutputChunk) readonly timePerOutputChunk: Histogram<string>,
    @InjectMetric(METRIC.outputTokensPerSecond) readonly outputTokensPerSecond: Histogram<string>,
    @InjectMetric(METRIC.inputTokens) readonly inputTokens: Counter<string>,
    @InjectMetric(METRIC.outputTokens) readonly outputTokens: Counter<string>,
    @InjectMetric(METRIC.cachedTokens) readonly cachedTokens: Counter<string>,
    @InjectMetric(METRIC.reasoningTokens) readonly reasoningTokens: Counter<string>,
    @InjectMetric(METRIC.upstreamErrors) readonly upstreamErrors: Counter<string>,
    @InjectMetric(METRIC.upstreamRetries) readonly upstreamRetries: Counter<string>,
    @InjectMetric(METRIC.fallbacks) readonly fallbacks: Counter<string>,
    @InjectMetric(METRIC.streamsInFlight) readonly streamsInFlight: Gauge<string>,
    @InjectMetric(METRIC.circuitState) readonly circuitState: Gauge<string>,
    @InjectMetric(METRIC.circuitTransitions) readonly circuitTransitions: Counter<string>,
    @InjectMetric(METRIC.rateLimitRejections) readonly rateLimitRejections: Counter<string>,
    @InjectMetric(METRIC.budgetExceeded) readonly budgetExceeded: Counter<string>,
    @InjectMetric(METRIC.budgetUnpriced) readonly budgetUnpriced: Counter<string>,
    @InjectMetric(METRIC.storeDuration) readonly storeDuration: Histogram<string>,
    @InjectMetric(METRIC.storeErrors) readonly storeErrors: Counter<string>,
    @InjectMetric(METRIC.cost) readonly cost: Counter<string>,
    @InjectMetric(METRIC.unpriced) readonly unpriced: Counter<string>,
    @InjectMetric(METRIC.usageWritten) readonly usageWritten: Counter<string>,
    @InjectMetric(METRIC.usageDropped) readonly usageDropped: Counter<string>,
    @InjectMetric(METRIC.usageFlushDuration) readonly usageFlushDuration: Histogram<string>,
    @InjectMetric(METRIC.responseCache) readonly responseCache: Counter<string>,
    @InjectMetric(METRIC.responseCacheErrors) readonly responseCacheErrors: Counter<string>,
  ) {}

  recordHttp(method: string, route: string, status: string, seconds: number): void {
    const labels = { method, route, status };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  /** The counter carries `caller` (when given); the latency histogram does not, its buckets would multiply by it. */
  recordResponse(provider: string, model: string, status: string, stream: boolean, seconds: number, caller: string | undefined): void {
    const labels = { provider, model, status, stream: stream ? 'true' : 'false' };
    this.requests.inc(caller === undefined ? labels : { ...labels, caller });
    this.requestDuration.observe(labels, seconds);
  }

  recordUsage(labels: UsageLabels, usage: ProviderUsage): void {
    if (usage.inputTokens > 0) this.inputTokens.inc(labels, usage.inputTokens);
    if (usage.outputTokens > 0) this.outputTokens.inc(labels, usage.outputTokens);
    if (usage.cachedTokens > 0) this.cachedTokens.inc(labels, usage.cachedTokens);
    if (usage.reasoningTokens > 0) this.reasoningTokens.inc(labels, usage.reasoningTokens);
  }
}
