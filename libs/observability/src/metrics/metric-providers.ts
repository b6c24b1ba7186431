import { makeCounterProvider, makeGaugeProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';

/** Every gateway metric, registered through @willsoto/nestjs-prometheus. Labels are low-cardinality by design. */
export const METRIC = {
  httpRequests: 'latticelm_http_requests_total',
  httpDuration: 'latticelm_http_request_duration_seconds',
  requests: 'latticelm_requests_total',
  requestDuration: 'latticelm_request_duration_seconds',
  timeToFirstToken: 'latticelm_time_to_first_token_seconds',
  inputTokens: 'latticelm_input_tokens_total',
  outputTokens: 'latticelm_output_tokens_total',
  cachedTokens: 'latticelm_cached_tokens_total',
  reasoningTokens: 'latticelm_reasoning_tokens_total',
  timePerOutputChunk: 'latticelm_time_per_output_chunk_seconds',
  outputTokensPerSecond: 'latticelm_output_tokens_per_second',
  upstreamErrors: 'latticelm_upstream_errors_total',
  upstreamRetries: 'latticelm_upstream_retries_total',
  fallbacks: 'latticelm_fallbacks_total',
  streamsInFlight: 'latticelm_streams_in_flight',
  circuitState: 'latticelm_circuit_breaker_state',
  circuitTransitions: 'latticelm_circuit_breaker_transitions_total',
  rateLimitRejections: 'latticelm_rate_limit_rejections_total',
  budgetExceeded: 'latticelm_budget_exceeded_total',
  budgetUnpriced: 'latticelm_budget_unpriced_requests_total',
  storeDuration: 'latticelm_conversation_store_operation_duration_seconds',
  storeErrors: 'latticelm_conversation_store_errors_total',
  cost: 'latticelm_cost_usd_total',
  unpriced: 'latticelm_unpriced_requests_total',
  usageWritten: 'latticelm_usage_records_written_total',
  usageDropped: 'latticelm_usage_records_dropped_total',
  usageFlushDuration: 'latticelm_usage_flush_duration_seconds',
  responseCache: 'latticelm_response_cache_total',
  responseCacheErrors: 'latticelm_response_cache_errors_total',
} as const;

const LATENCY_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const TTFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** gaps between two chunks of a stream: vendors send one every few to a few hundred milliseconds */
const CHUNK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.035, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5];
const RATE_BUCKETS = [5, 10, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000];
const MODEL = ['provider', 'model'];
/**
 * `caller` is declared on the request and token counters whether or not `observability.metrics.caller` is on:
 * prom-client's registry is process-wide (several apps share it in tests) and a series without the label is
 * exported without it, so off costs nothing.
 */
const MODEL_CALLER = ['provider', 'model', 'caller'];
/** `key`: the API key's id on the cost and token counters, for requests a gateway key made (KeyLabels bounds it). */
const MODEL_KEY = ['provider', 'model', 'key'];
const MODEL_CALLER_KEY = [...MODEL_CALLER, 'key'];

export const METRIC_PROVIDERS = [
  makeCounterProvider({ name: METRIC.httpRequests, help: 'HTTP requests by method, route template and status.', labelNames: ['method', 'route', 'status'] }),
  makeHistogramProvider({ name: METRIC.httpDuration, help: 'HTTP request latency in seconds, until the last byte.', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS }),
  makeCounterProvider({ name: METRIC.requests, help: 'Responses API requests by serving provider, model, HTTP status and stream flag (and caller, when on).', labelNames: ['provider', 'model', 'status', 'stream', 'caller'] }),
  makeHistogramProvider({ name: METRIC.requestDuration, help: 'Responses API request latency in seconds, until the last byte.', labelNames: ['provider', 'model', 'status', 'stream'], buckets: LATENCY_BUCKETS }),
  makeHistogramProvider({ name: METRIC.timeToFirstToken, help: 'Streaming: seconds from the provider call to its first output event.', labelNames: MODEL, buckets: TTFT_BUCKETS }),
  makeHistogramProvider({ name: METRIC.timePerOutputChunk, help: 'Streaming: seconds between two output chunks from the provider (inter-token latency as the vendor delivers it).', labelNames: MODEL, buckets: CHUNK_BUCKETS }),
  makeHistogramProvider({ name: METRIC.outputTokensPerSecond, help: 'Streaming: output tokens per second, from the first output chunk to the end of the stream.', labelNames: MODEL, buckets: RATE_BUCKETS }),
  makeCounterProvider({ name: METRIC.inputTokens, help: 'Input tokens reported by providers.', labelNames: MODEL_CALLER_KEY }),
  makeCounterProvider({ name: METRIC.outputTokens, help: 'Output tokens reported by providers (reasoning included).', labelNames: MODEL_CALLER_KEY }),
  makeCounterProvider({ name: METRIC.cachedTokens, help: 'Input tokens served from the provider prompt cache (part of input tokens).', labelNames: MODEL_CALLER_KEY }),
  makeCounterProvider({ name: METRIC.reasoningTokens, help: 'Output tokens the model spent on reasoning (part of output tokens).', labelNames: MODEL_CALLER_KEY }),
  makeCounterProvider({ name: METRIC.upstreamErrors, help: 'Failed provider calls by kind.', labelNames: ['provider', 'kind'] }),
  makeCounterProvider({ name: METRIC.upstreamRetries, help: 'Provider call retries.', labelNames: ['provider'] }),
  makeCounterProvider({ name: METRIC.fallbacks, help: 'Requests served by a fallback.', labelNames: ['from', 'to'] }),
  makeGaugeProvider({ name: METRIC.streamsInFlight, help: 'Provider streams currently open.', labelNames: ['provider'] }),
  makeGaugeProvider({ name: METRIC.circuitState, help: 'Circuit breaker state per provider and vendor model id: 0 closed, 1 half open, 2 open.', labelNames: ['provider', 'model'] }),
  makeCounterProvider({ name: METRIC.circuitTransitions, help: 'Circuit breaker state changes.', labelNames: ['provider', 'model', 'from', 'to'] }),
  makeCounterProvider({ name: METRIC.rateLimitRejections, help: 'Requests rejected by the rate limiter.', labelNames: ['store'] }),
  makeCounterProvider({ name: METRIC.budgetExceeded, help: 'Requests that found a budget spent: refused (mode hard) or served and flagged (mode soft), by the key or owner budget.', labelNames: ['scope', 'mode'] }),
  makeCounterProvider({ name: METRIC.budgetUnpriced, help: 'API key requests billed at an unknown cost, which no budget counts (budgeted: whether one applied).', labelNames: ['budgeted'] }),
  makeHistogramProvider({ name: METRIC.storeDuration, help: 'Conversation store operation latency in seconds.', labelNames: ['store', 'operation', 'outcome'], buckets: STORE_BUCKETS }),
  makeCounterProvider({ name: METRIC.storeErrors, help: 'Failed conversation store operations.', labelNames: ['store', 'operation'] }),
  makeCounterProvider({ name: METRIC.cost, help: 'Cost in USD of provider calls, from the usage the vendor reported and the price table.', labelNames: MODEL_KEY }),
  makeCounterProvider({ name: METRIC.usageWritten, help: 'Usage-log records written to the usage store.', labelNames: ['store'] }),
  makeCounterProvider({ name: METRIC.usageDropped, help: 'Usage-log records dropped, the oldest first, because the buffer was full (the usage store down or too slow).', labelNames: ['store'] }),
  makeHistogramProvider({ name: METRIC.usageFlushDuration, help: 'Usage-log flush latency in seconds: one multi-row write each.', labelNames: ['store', 'outcome'], buckets: STORE_BUCKETS }),
  makeCounterProvider({ name: METRIC.responseCache, help: 'Requests the response cache decided on, by result: hit, miss, refresh, bypass.', labelNames: ['result'] }),
  makeCounterProvider({ name: METRIC.responseCacheErrors, help: 'Failed response cache store operations (the request went on without the cache).', labelNames: ['store', 'operation'] }),
  makeCounterProvider({ name: METRIC.unpriced, help: 'Provider calls whose cost is unknown, by reason: no_price, no_usage, unknown_figure, service_tier.', labelNames: [...MODEL_KEY, 'reason'] }),
];
