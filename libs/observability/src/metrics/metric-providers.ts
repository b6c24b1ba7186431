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
  upstreamErrors: 'latticelm_upstream_errors_total',
  upstreamRetries: 'latticelm_upstream_retries_total',
  fallbacks: 'latticelm_fallbacks_total',
  streamsInFlight: 'latticelm_streams_in_flight',
  circuitState: 'latticelm_circuit_breaker_state',
  circuitTransitions: 'latticelm_circuit_breaker_transitions_total',
  rateLimitRejections: 'latticelm_rate_limit_rejections_total',
  storeDuration: 'latticelm_conversation_store_operation_duration_seconds',
  storeErrors: 'latticelm_conversation_store_errors_total',
} as const;

const LATENCY_BUCKETS = [0.005, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const TTFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20];
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const MODEL = ['provider', 'model'];

export const METRIC_PROVIDERS = [
  makeCounterProvider({ name: METRIC.httpRequests, help: 'HTTP requests by method, route template and status.', labelNames: ['method', 'route', 'status'] }),
  makeHistogramProvider({ name: METRIC.httpDuration, help: 'HTTP request latency in seconds, until the last byte.', labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS }),
  makeCounterProvider({ name: METRIC.requests, help: 'Responses API requests by serving provider, model, HTTP status and stream flag.', labelNames: ['provider', 'model', 'status', 'stream'] }),
  makeHistogramProvider({ name: METRIC.requestDuration, help: 'Responses API request latency in seconds, until the last byte.', labelNames: ['provider', 'model', 'status', 'stream'], buckets: LATENCY_BUCKETS }),
  makeHistogramProvider({ name: METRIC.timeToFirstToken, help: 'Streaming: seconds from the provider call to its first output event.', labelNames: MODEL, buckets: TTFT_BUCKETS }),
  makeCounterProvider({ name: METRIC.inputTokens, help: 'Input tokens reported by providers.', labelNames: MODEL }),
  makeCounterProvider({ name: METRIC.outputTokens, help: 'Output tokens reported by providers.', labelNames: MODEL }),
  makeCounterProvider({ name: METRIC.cachedTokens, help: 'Input tokens served from the provider prompt cache (part of input tokens).', labelNames: MODEL }),
  makeCounterProvider({ name: METRIC.upstreamErrors, help: 'Failed provider calls by kind.', labelNames: ['provider', 'kind'] }),
  makeCounterProvider({ name: METRIC.upstreamRetries, help: 'Provider call retries.', labelNames: ['provider'] }),
  makeCounterProvider({ name: METRIC.fallbacks, help: 'Requests served by a fallback.', labelNames: ['from', 'to'] }),
  makeGaugeProvider({ name: METRIC.streamsInFlight, help: 'Provider streams currently open.', labelNames: ['provider'] }),
  makeGaugeProvider({ name: METRIC.circuitState, help: 'Circuit breaker state per provider and vendor model id: 0 closed, 1 half open, 2 open.', labelNames: ['provider', 'model'] }),
  makeCounterProvider({ name: METRIC.circuitTransitions, help: 'Circuit breaker state changes.', labelNames: ['provider', 'model', 'from', 'to'] }),
  makeCounterProvider({ name: METRIC.rateLimitRejections, help: 'Requests rejected by the rate limiter.', labelNames: ['store'] }),
  makeHistogramProvider({ name: METRIC.storeDuration, help: 'Conversation store operation latency in seconds.', labelNames: ['store', 'operation', 'outcome'], buckets: STORE_BUCKETS }),
  makeCounterProvider({ name: METRIC.storeErrors, help: 'Failed conversation store operations.', labelNames: ['store', 'operation'] }),
];
