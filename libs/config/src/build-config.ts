import { ConfigReader } from './config-reader';
import { ConfigValidationError } from './config-error';
import {
  CircuitBreakerConfig,
  ConversationsConfig,
  GatewayConfig,
  ModelConfig,
  ModelPricingConfig,
  OpenAIApi,
  PROVIDER_TYPES,
  ProviderConfig,
  ProviderType,
} from './gateway-config';
import { buildApiKeysConfig } from './build-api-keys-config';
import { buildUsageLogConfig } from './build-usage-log-config';
import { buildResponseCacheConfig } from './build-response-cache-config';
import { isCidr, parseAddress } from './parse-values';
import { overrideOrigins, type RawConfig } from './raw-config-reader';
import { settingsTree } from './settings-tree';
import { closest, unknownKeyProblems } from './unknown-keys';

const SQL_DRIVERS: Record<string, ConversationsConfig['driver']> = {
  sqlite: 'sqlite3',
  sqlite3: 'sqlite3',
  postgres: 'postgres',
  postgresql: 'postgres',
  pg: 'postgres',
  pgx: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
};

const POLICIES = ['reject', 'drop'] as const;

/** Turns the raw tree into the typed config, or throws listing every problem with its key. */
export function buildConfig(raw: RawConfig, source: string, env: NodeJS.ProcessEnv = {}): GatewayConfig {
  const read = new ConfigReader(raw);

  const address = read.string('server.address', ':8080');
  const parsedAddress = parseAddress(address);
  if (parsedAddress?.port === undefined) {
    read.problem('server.address', `must be "host:port" or ":port" (e.g. ":8080", "127.0.0.1:8080", "[::1]:8080"), got "${address}"`);
  }
  let port = parsedAddress?.port ?? 8080;
  if (env.PORT !== undefined && env.PORT !== '') {
    if (/^\d+$/.test(env.PORT) && Number(env.PORT) <= 65535) port = Number(env.PORT);
    else read.problem('PORT', `must be a port number, got "${env.PORT}"`);
  }
  if (port > 65535) read.problem('server.address', `port ${port} is out of range`);

  const maxConnectionAgeMs = read.duration('server.websocket.max_connection_age', 3_600_000);
  // "WebSocket connections are limited to 60 minutes" (Open Responses, WebSocket Reconnects).
  if (maxConnectionAgeMs > 3_600_000) read.problem('server.websocket.max_connection_age', 'must be at most 60m (the Open Responses limit)');
  const invalidProviders = new Set<string>();
  const providers = buildProviders(read, invalidProviders);
  const models = buildModels(read, providers, invalidProviders);
  const auth: GatewayConfig['auth'] = {
    enabled: read.boolean('auth.enabled', false),
    issuer: read.string('auth.issuer', ''),
    audience: read.string('auth.audience', ''),
    adminClaim: read.string('auth.admin_claim', 'roles'),
    adminValue: read.string('auth.admin_value', 'admin'),
    clockSkewMs: read.duration('auth.clock_skew', 30_000),
    apiKeys: buildApiKeysConfig(read),
  };
  const config: GatewayConfig = {
    server: {
      host: parsedAddress?.port === undefined ? '' : parsedAddress.host,
      port,
      maxRequestBodySize: read.size('server.max_request_body_size', 10 * 1024 * 1024),
      shutdownTimeoutMs: read.duration('server.shutdown_timeout', 30_000),
      trustedProxies: read.stringList('server.trusted_proxies'),
      corsOrigins: read.stringList('server.cors_origins'),
      docsEnabled: read.boolean('server.docs_enabled', true),
      websocket: {
        enabled: read.boolean('server.websocket.enabled', true),
        pingIntervalMs: read.duration('server.websocket.ping_interval', 30_000),
        maxConnectionAgeMs,
        maxPendingRequests: read.number('server.websocket.max_pending_requests', 4, { min: 0, integer: true }),
      },
    },
    logging: {
      format: read.oneOf('logging.format', ['json', 'text'] as const, 'json'),
      level: read.oneOf('logging.level', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    },
    providers,
    models,
    conversations: buildConversations(read),
    rateLimit: {
      enabled: read.boolean('rate_limit.enabled', false),
      requestsPerSecond: read.number('rate_limit.requests_per_second', 10, { min: 0.001 }),
      burst: read.number('rate_limit.burst', 20, { min: 1, integer: true }),
      store: read.oneOf('rate_limit.store', ['memory', 'redis'] as const, 'memory'),
      redisUrl: read.string('rate_limit.redis_url', 'redis://127.0.0.1:6379'),
      keyPrefix: read.string('rate_limit.key_prefix', 'latticelm:ratelimit:'),
    },
    auth,
    observability: {
      enabled: read.boolean('observability.enabled', false),
      metrics: {
        enabled: read.boolean('observability.metrics.enabled', true),
        path: read.string('observability.metrics.path', '/metrics'),
        caller: {
          enabled: read.boolean('observability.metrics.caller.enabled', false),
          maxValues: read.number('observability.metrics.caller.max_values', 100, { min: 1, integer: true }),
        },
      },
      tracing: {
        enabled: read.boolean('observability.tracing.enabled', false),
        serviceName: read.string('observability.tracing.service_name', 'llm-gateway'),
        sampler: {
          type: read.oneOf('observability.tracing.sampler.type', ['always', 'never', 'probability'] as const, 'always'),
          rate: read.number('observability.tracing.sampler.rate', 1, { min: 0 }),
        },
        exporter: {
          type: read.oneOf('observability.tracing.exporter.type', ['otlp', 'otlp-http', 'none'] as const, 'otlp'),
          endpoint: read.string('observability.tracing.exporter.endpoint', 'localhost:4317'),
          insecure: read.boolean('observability.tracing.exporter.insecure', true),
        },
      },
    },
    responseCache: buildResponseCacheConfig(read),
    admin: { enabled: read.boolean('admin.enabled', false) },
    pricing: { enabled: read.boolean('pricing.enabled', true) },
    usageLog: buildUsageLogConfig(read, auth),
    source,
    settings: {},
  };

  if (config.auth.enabled && !config.auth.issuer) read.problem('auth.issuer', 'is required when auth.enabled is true');
  if (config.auth.enabled && !config.auth.audience) read.problem('auth.audience', 'is required when auth.enabled is true');
  if (config.observability.tracing.sampler.rate > 1) {
    read.problem('observability.tracing.sampler.rate', 'must be between 0 and 1');
  }
  for (const entry of config.server.trustedProxies) {
    if (!isCidr(entry)) read.problem('server.trusted_proxies', `"${entry}" is not an IP address or CIDR (e.g. 10.0.0.0/8, fd00::/8)`);
  }
  if (!config.observability.metrics.path.startsWith('/')) {
    read.problem('observability.metrics.path', 'must start with "/"');
  }

  read.problems.push(...unknownKeyProblems(raw, read, overrideOrigins(raw)));
  if (read.problems.length > 0) throw new ConfigValidationError(read.problems, source);
  config.settings = settingsTree(read.settings, read.listPaths);
  return deepFreeze(config);
}

function buildProviders(read: ConfigReader, invalid: Set<string>): Record<string, ProviderConfig> {
  const providers: Record<string, ProviderConfig> = {};
  for (const name of Object.keys(read.mapping('providers'))) {
    const key = `providers.${name}`;
    if (read.node(key) !== undefined && typeof read.node(key) !== 'object') {
      read.problem(key, 'must be a mapping with at least "type"');
      invalid.add(name);
      continue;
    }
    const type = read.string(`${key}.type`) ?? (PROVIDER_TYPES.includes(name as ProviderType) ? name : undefined);
    if (!type) {
      read.problem(`${key}.type`, `is required (one of ${PROVIDER_TYPES.join(', ')})`);
      invalid.add(name);
      read.skip(key);
      continue;
    }
    if (!PROVIDER_TYPES.includes(type as ProviderType)) {
      const suggestion = closest(type, PROVIDER_TYPES);
      read.problem(
        `${key}.type`,
        `unknown provider type "${type}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (known: ${PROVIDER_TYPES.join(', ')})`,
      );
      // One root cause, one message: its other keys and the models naming it are not reported as well.
      invalid.add(name);
      read.skip(key);
      continue;
    }
    const provider: ProviderConfig = {
      name,
      type: type as ProviderType,
      apiKey: read.string(`${key}.api_key`),
      endpoint: read.string(`${key}.endpoint`),
      apiVersion: read.string(`${key}.api_version`),
      ...openAIApiOf(read, key, type),
      project: read.string(`${key}.project`),
      location: read.string(`${key}.location`),
      credentialsFile: read.string(`${key}.credentials_file`),
      requestTimeoutMs: read.duration(`${key}.request_timeout`, 120_000),
      streamIdleTimeoutMs: read.duration(`${key}.stream_idle_timeout`, 60_000),
      maxRetries: read.number(`${key}.max_retries`, 2, { min: 0, integer: true }),
      defaultMaxTokens: read.number(`${key}.default_max_tokens`, 4096, { min: 1, integer: true }),
      unsupportedParameters: read.oneOf(`${key}.unsupported_parameters`, POLICIES, 'reject'),
      circuitBreaker: buildBreaker(read, `${key}.circuit_breaker`),
    };
    if (provider.endpoint && !/^https?:\/\//.test(provider.endpoint)) {
      read.problem(`${key}.endpoint`, `must be an http(s) URL, got "${provider.endpoint}"`);
    }
    if ((type === 'azureopenai' || type === 'azureanthropic') && !provider.endpoint) {
      read.problem(`${key}.endpoint`, `is required for type ${type}`);
    }
    if (type === 'vertexai' && !provider.apiKey && (!provider.project || !provider.location)) {
      read.problem(key, 'vertexai needs project and location (or api_key for express mode)');
    }
    if (type === 'vertexai' && provider.apiKey && (provider.project || provider.credentialsFile)) {
      // The SDK then ignores the key and looks for default credentials: every request would fail as an outage.
      const extra = [provider.project && 'project', provider.credentialsFile && 'credentials_file'].filter(Boolean).join(' and ');
      read.problem(
        key,
        `api_key (Vertex AI express mode) cannot be combined with ${extra}: remove api_key to use ${extra} with service-account credentials, or remove ${extra} (and location) to use express mode`,
      );
    }
    providers[name] = provider;
  }
  return providers;
}

const OPENAI_APIS: readonly OpenAIApi[] = ['responses', 'chat_completions'];

/** `api` chooses between two OpenAI APIs, so only `type: openai` has it; elsewhere it is a mistake worth naming. */
function openAIApiOf(read: ConfigReader, key: string, type: string): { api?: OpenAIApi } {
  if (type === 'openai') return { api: read.oneOf(`${key}.api`, OPENAI_APIS, 'responses') };
  if (read.node(`${key}.api`) !== undefined) read.problem(`${key}.api`, `applies only to type openai (this provider is type ${type})`);
  return {};
}

const BREAKER_DEFAULTS: CircuitBreakerConfig = {
  enabled: true,
  maxRequests: 3,
  intervalMs: 60_000,
  timeoutMs: 30_000,
  failureRatio: 0.5,
  minimumRequests: 5,
};

/** A circuit_breaker block; every key it leaves out comes from `defaults` (the provider's, for a model's block). */
function buildBreaker(read: ConfigReader, key: string, defaults: CircuitBreakerConfig = BREAKER_DEFAULTS): CircuitBreakerConfig {
  return {
    enabled: read.boolean(`${key}.enabled`, defaults.enabled),
    maxRequests: read.number(`${key}.max_requests`, defaults.maxRequests, { min: 1, integer: true }),
    intervalMs: read.duration(`${key}.interval`, defaults.intervalMs),
    timeoutMs: read.duration(`${key}.timeout`, defaults.timeoutMs),
    failureRatio: read.number(`${key}.failure_ratio`, defaults.failureRatio, { min: 0, max: 1 }),
    minimumRequests: read.number(`${key}.minimum_requests`, defaults.minimumRequests, { min: 1, integer: true }),
  };
}

function buildModels(read: ConfigReader, providers: Record<string, ProviderConfig>, invalidProviders: Set<string>): ModelConfig[] {
  const models: ModelConfig[] = [];
  const seen = new Set<string>();
  read.list('models').forEach((_entry, index) => {
    const key = `models[${index}]`;
    const name = read.string(`models.${index}.name`);
    const provider = read.string(`models.${index}.provider`);
    const providerModelId = read.string(`models.${index}.provider_model_id`);
    const fallbacks = read.stringList(`models.${index}.fallbacks`);
    const maxOutput = read.node(`models.${index}.max_output_tokens`);
    const maxOutputTokens =
      maxOutput === undefined ? undefined : read.number(`models.${index}.max_output_tokens`, 0, { min: 1, integer: true });
    const breakerKey = `models.${index}.circuit_breaker`;
    const breakerNode = read.node(breakerKey);
    const providerBreaker = provider ? providers[provider]?.circuitBreaker : undefined;
    const circuitBreaker = breakerNode === undefined ? undefined : buildBreaker(read, breakerKey, providerBreaker);
    if (!name) read.problem(`${key}.name`, 'is required');
    if (!provider) read.problem(`${key}.provider`, 'is required');
    else if (invalidProviders.has(provider)) return;
    else if (!providers[provider]) {
      const known = Object.keys(providers);
      read.problem(
        `${key}.provider`,
        `names provider "${provider}", which is not configured (configured: ${known.length ? known.join(', ') : 'none'})`,
      );
    }
    if (name && seen.has(name)) read.problem(`${key}.name`, `duplicate model "${name}"`);
    if (!name || !provider) return;
    seen.add(name);
    const policy = read.node(`models.${index}.unsupported_parameters`);
    const pricing = buildModelPricing(read, `models.${index}.pricing`);
    models.push({
      name,
      provider,
      providerModelId: providerModelId ?? name,
      fallbacks,
      maxOutputTokens,
      unsupportedParameters: policy === undefined ? undefined : read.oneOf(`models.${index}.unsupported_parameters`, POLICIES, 'reject'),
      ...(circuitBreaker ? { circuitBreaker } : {}),
      ...(pricing ? { pricing } : {}),
    });
  });
  for (const model of models) {
    for (const fallback of model.fallbacks) {
      if (!seen.has(fallback)) read.problem(`models[${model.name}].fallbacks`, `names unknown model "${fallback}"`);
    }
  }
  return models;
}

/** models[].pricing in USD per million tokens; input and output are required, the rest default at cost time. */
function buildModelPricing(read: ConfigReader, key: string): ModelPricingConfig | undefined {
  if (read.node(key) === undefined) return undefined;
  const figure = (name: string) => (read.node(`${key}.${name}`) === undefined ? undefined : read.number(`${key}.${name}`, 0, { min: 0 }));
  const input = figure('input');
  const output = figure('output');
  if (input === undefined) read.problem(`${key}.input`, 'is required (USD per million input tokens)');
  if (output === undefined) read.problem(`${key}.output`, 'is required (USD per million output tokens)');
  const optional = { cachedInput: figure('cached_input'), cacheWrite: figure('cache_write'), reasoning: figure('reasoning') };
  return {
    input: input ?? 0,
    output: output ?? 0,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

function buildConversations(read: ConfigReader): ConversationsConfig {
  const store = read.oneOf('conversations.store', ['memory', 'sql', 'redis'] as const, 'sql');
  const driverName = read.string('conversations.driver', 'sqlite3').toLowerCase();
  const driver = SQL_DRIVERS[driverName];
  if (!driver) read.problem('conversations.driver', `must be one of ${Object.keys(SQL_DRIVERS).join(', ')}, got "${driverName}"`);
  const defaultDsn = store === 'redis' ? 'redis://127.0.0.1:6379/0' : driver === 'sqlite3' ? 'data/conversations.db' : '';
  const dsn = read.string('conversations.dsn', defaultDsn);
  if (store !== 'memory' && !dsn) read.problem('conversations.dsn', `is required for store "${store}" with driver "${driverName}"`);
  return {
    enabled: read.boolean('conversations.enabled', true),
    store,
    ttlMs: read.duration('conversations.ttl', 3_600_000),
    driver: driver ?? 'sqlite3',
    dsn,
    storeByDefault: read.boolean('conversations.store_by_default', true),
    maxChainLength: read.number('conversations.max_chain_length', 100, { min: 1, integer: true }),
    maxItems: read.number('conversations.max_items', 2000, { min: 1, integer: true }),
    memoryMaxEntries: read.number('conversations.memory_max_entries', 10_000, { min: 1, integer: true }),
    memoryMaxBytes: read.size('conversations.memory_max_bytes', 256 * 1024 * 1024),
    sweepIntervalMs: read.duration('conversations.sweep_interval', 60_000),
    keyPrefix: read.string('conversations.key_prefix', 'latticelm:'),
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
