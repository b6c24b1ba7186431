/** The validated, typed, frozen configuration. Durations are milliseconds, sizes are bytes. */
export type ProviderType =
  | 'openai'
  | 'azureopenai'
  | 'anthropic'
  | 'azureanthropic'
  | 'google'
  | 'vertexai';

export const PROVIDER_TYPES: readonly ProviderType[] = [
  'openai',
  'azureopenai',
  'anthropic',
  'azureanthropic',
  'google',
  'vertexai',
];

/** Which of OpenAI's APIs a `type: openai` provider calls. */
export type OpenAIApi = 'responses' | 'chat_completions';

/** What a provider does with a request field it cannot honour: refuse the request (400) or drop the field visibly. */
export type UnsupportedParameterPolicy = 'reject' | 'drop';

export interface CircuitBreakerConfig {
  enabled: boolean;
  maxRequests: number;
  intervalMs: number;
  timeoutMs: number;
  failureRatio: number;
  minimumRequests: number;
}

export interface ProviderConfig {
  name: string;
  type: ProviderType;
  apiKey?: string;
  endpoint?: string;
  apiVersion?: string;
  /** type openai only: the vendor API to call (servers that have only Chat Completions: vLLM, Ollama, Groq…) */
  api?: OpenAIApi;
  project?: string;
  location?: string;
  credentialsFile?: string;
  /** Time to the first byte of the upstream answer. */
  requestTimeoutMs: number;
  /** Longest silence allowed between two stream chunks. */
  streamIdleTimeoutMs: number;
  maxRetries: number;
  /** Anthropic requires max_tokens; used when the request gives no max_output_tokens. */
  defaultMaxTokens: number;
  unsupportedParameters: UnsupportedParameterPolicy;
  circuitBreaker: CircuitBreakerConfig;
}

export interface ModelConfig {
  name: string;
  provider: string;
  providerModelId: string;
  fallbacks: string[];
  maxOutputTokens?: number;
  /** overrides the provider's unsupported_parameters for this model */
  unsupportedParameters?: UnsupportedParameterPolicy;
  /** This model's own thresholds (keys it leaves out come from its provider's); absent: the provider's. */
  circuitBreaker?: CircuitBreakerConfig;
  /** models[].pricing: replaces the built-in price table's entry for this model */
  pricing?: ModelPricingConfig;
}

/** USD per million tokens. Left out: cached_input and cache_write cost the input price, reasoning the output price. */
export interface ModelPricingConfig {
  input: number;
  output: number;
  cachedInput?: number;
  cacheWrite?: number;
  reasoning?: number;
}

export interface ConversationsConfig {
  enabled: boolean;
  store: 'memory' | 'sql' | 'redis';
  ttlMs: number;
  driver: 'sqlite3' | 'postgres' | 'mysql';
  dsn: string;
  storeByDefault: boolean;
  maxChainLength: number;
  maxItems: number;
  memoryMaxEntries: number;
  memoryMaxBytes: number;
  sweepIntervalMs: number;
  keyPrefix: string;
}

export interface RateLimitConfig {
  enabled: boolean;
  requestsPerSecond: number;
  burst: number;
  store: 'memory' | 'redis';
  redisUrl: string;
  /** Redis key prefix for the shared token buckets. */
  keyPrefix: string;
}

export interface AuthConfig {
  enabled: boolean;
  issuer: string;
  audience: string;
  adminClaim: string;
  adminValue: string;
  clockSkewMs: number;
  /** gateway-issued API keys (`auth.api_keys`), beside or instead of OIDC tokens */
  apiKeys: ApiKeysConfig;
}

/** Per-key limits; absent: unlimited. Token buckets refilled continuously over a minute. */
export interface ApiKeyLimits {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
}

/** USD a key or an owner may spend per UTC day, UTC calendar month or in total; hard refuses, soft flags. */
export interface ApiKeyBudget {
  usd: number;
  period: 'day' | 'month' | 'total';
  mode: 'hard' | 'soft';
}

/** A key declared in the configuration (GitOps): its secret comes from a Secret through `${ENV}`. */
export interface DeclaredApiKey {
  id: string;
  name: string;
  secret: string;
  owner: string;
  models: string[];
  limits: ApiKeyLimits;
  budget?: ApiKeyBudget;
  /** epoch ms */
  expiresAt?: number;
  metadata: Record<string, string>;
}

/** A budget for every key of one owner (a team), declared in the configuration. */
export interface DeclaredOwnerBudget {
  owner: string;
  budget: ApiKeyBudget;
}

export interface ApiKeysConfig {
  enabled: boolean;
  /** bearer secrets that open the admin API (never /v1) */
  adminKeys: string[];
  /** how long a looked-up key is trusted in-process: a revocation on another replica takes effect within it */
  cacheTtlMs: number;
  /** how long a rotated key's old secret keeps working */
  rotationGraceMs: number;
  /** tokens a request reserves against tokens_per_minute when it names no max_output_tokens */
  defaultReservedOutputTokens: number;
  keys: DeclaredApiKey[];
  /** `auth.api_keys.owner_budgets`: owners' budgets the admin API cannot change */
  ownerBudgets: DeclaredOwnerBudget[];
}

/** `usage_log`: one record per model request, written in batches, kept raw for `retentionMs`, then as daily roll-ups. */
export interface UsageLogConfig {
  enabled: boolean;
  /** the buffer is written at least this often */
  flushIntervalMs: number;
  /** ... and as soon as it holds this many records (one multi-row insert each) */
  batchSize: number;
  /** records held while the store cannot take them; past it the oldest are dropped (and counted) */
  maxBuffered: number;
  /** raw records are kept at least this long, then rolled up into one row per day, key, owner, model and provider */
  retentionMs: number;
  /** daily roll-ups are kept this long */
  rollupRetentionMs: number;
  /** how often the roll-up and clean-up job runs */
  rollupIntervalMs: number;
  /** memory and Redis keep the most recent records in a list this long (SQL keeps every one for the retention) */
  maxRecentRecords: number;
  /** keep the request's input text, truncated to `promptMaxChars` characters (off: no prompt text at all) */
  includePrompts: boolean;
  promptMaxChars: number;
}

/** `metadata.response_cache` on an API key: `on` opts the key in, `off` keeps its requests out of the cache. */
export const API_KEY_CACHE_METADATA = 'response_cache';
export const API_KEY_CACHE_VALUES = ['on', 'off'] as const;

/** The exact response cache (`response_cache`): off unless enabled. */
export interface ResponseCacheConfig {
  enabled: boolean;
  /** cache a request whose key and `x-latticelm-cache` header say nothing (false: only those that opt in) */
  cacheByDefault: boolean;
  store: 'memory' | 'redis';
  ttlMs: number;
  /** one cache for every caller, instead of one per API key (or per subject without a key) */
  shared: boolean;
  /** memory store: at most this many answers, and this many bytes of them */
  maxEntries: number;
  maxBytes: number;
  /** a larger answer is not cached */
  maxEntryBytes: number;
  redisUrl: string;
  keyPrefix: string;
}

export interface ObservabilityConfig {
  enabled: boolean;
  metrics: {
    enabled: boolean;
    path: string;
    /** a `caller` label (the token's subject) on the request and token counters, for at most `maxValues` callers */
    caller: { enabled: boolean; maxValues: number };
  };
  tracing: {
    enabled: boolean;
    serviceName: string;
    sampler: { type: 'always' | 'never' | 'probability'; rate: number };
    exporter: { type: 'otlp' | 'otlp-http' | 'none'; endpoint: string; insecure: boolean };
  };
}

export interface WebSocketConfig {
  enabled: boolean;
  /** a ping this often; a connection that has not answered the previous one is closed */
  pingIntervalMs: number;
  /** the spec's 60-minute limit (or less): then `websocket_connection_limit_reached` and a close */
  maxConnectionAgeMs: number;
  /** response.create messages waiting behind the one in flight; more are refused with an error event */
  maxPendingRequests: number;
}

export interface GatewayConfig {
  server: {
    /** empty: every interface (dual-stack) */
    host: string;
    port: number;
    maxRequestBodySize: number;
    shutdownTimeoutMs: number;
    trustedProxies: string[];
    /** browser origins allowed to call the API (CORS); empty disables CORS, ["*"] allows any */
    corsOrigins: string[];
    /** Swagger UI at /docs and the OpenAPI document at /docs/openapi.json */
    docsEnabled: boolean;
    /** Open Responses over WebSocket on /v1/responses */
    websocket: WebSocketConfig;
  };
  logging: { format: 'json' | 'text'; level: 'debug' | 'info' | 'warn' | 'error' };
  providers: Record<string, ProviderConfig>;
  models: ModelConfig[];
  conversations: ConversationsConfig;
  rateLimit: RateLimitConfig;
  auth: AuthConfig;
  observability: ObservabilityConfig;
  responseCache: ResponseCacheConfig;
  admin: { enabled: boolean };
  /** the cost of each response, from the vendor's usage and the price table (header, metrics, trace) */
  pricing: { enabled: boolean };
  usageLog: UsageLogConfig;
  /** Where the configuration came from, for logs: a file path or "defaults". */
  source: string;
  /**
   * The configuration in effect in the YAML's own shape and key names, defaults filled in (unredacted: show it
   * only through redactConfig).
   */
  settings: Readonly<Record<string, unknown>>;
}

/** Prometheus metrics are served (and so worth collecting on the request path). */
export function metricsEnabled(config: Pick<GatewayConfig, 'observability'>): boolean {
  return config.observability.enabled && config.observability.metrics.enabled;
}
