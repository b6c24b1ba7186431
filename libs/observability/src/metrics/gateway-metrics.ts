import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { METRIC } from './metric-providers';

/** The gateway's Prometheus instruments, injected once; recorders take plain values and build one label object each. */
@Injectable()
export class GatewayMetrics {
  constructor(
    @InjectMetric(METRIC.httpRequests) readonly httpRequests: Counter<string>,
    @InjectMetric(METRIC.httpDuration) readonly httpDuration: Histogram<string>,
    @InjectMetric(METRIC.requests) readonly requests: Counter<string>,
    @InjectMetric(METRIC.requestDuration) readonly requestDuration: Histogram<string>,
    @InjectMetric(METRIC.timeToFirstToken) readonly timeToFirstToken: Histogram<string>,
    @InjectMetric(METRIC.inputTokens) readonly inputTokens: Counter<string>,
    @InjectMetric(METRIC.outputTokens) readonly outputTokens: Counter<string>,
    @InjectMetric(METRIC.cachedTokens) readonly cachedTokens: Counter<string>,
    @InjectMetric(METRIC.upstreamErrors) readonly upstreamErrors: Counter<string>,
    @InjectMetric(METRIC.upstreamRetries) readonly upstreamRetries: Counter<string>,
    @InjectMetric(METRIC.fallbacks) readonly fallbacks: Counter<string>,
    @InjectMetric(METRIC.streamsInFlight) readonly streamsInFlight: Gauge<string>,
    @InjectMetric(METRIC.circuitState) readonly circuitState: Gauge<string>,
    @InjectMetric(METRIC.circuitTransitions) readonly circuitTransitions: Counter<string>,
    @InjectMetric(METRIC.rateLimitRejections) readonly rateLimitRejections: Counter<string>,
    @InjectMetric(METRIC.storeDuration) readonly storeDuration: Histogram<string>,
    @InjectMetric(METRIC.storeErrors) readonly storeErrors: Counter<string>,
  ) {}

  recordHttp(method: string, route: string, status: string, seconds: number): void {
    const labels = { method, route, status };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  recordResponse(provider: string, model: string, status: string, stream: boolean, seconds: number): void {
    const labels = { provider, model, status, stream: stream ? 'true' : 'false' };
    this.requests.inc(labels);
    this.requestDuration.observe(labels, seconds);
  }

  recordUsage(provider: string, model: string, input: number, output: number, cached: number): void {
    const labels = { provider, model };
    if (input > 0) this.inputTokens.inc(labels, input);
    if (output > 0) this.outputTokens.inc(labels, output);
    if (cached > 0) this.cachedTokens.inc(labels, cached);
  }
}
