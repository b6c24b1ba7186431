/**
 * The parts of the gateway's OpenAPI document that the Open Responses standard does not define: the routes the
 * gateway adds, their schemas, and the error answers. Plain data, so the builder stays a pure function.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string): JsonObject => ({ type: [type, 'null'] });

/** Marks what the gateway adds on top of the standard, so readers (and tools) can tell the two apart. */
export const EXTENSION_MARK = 'x-latticelm-extension';

export const PROVIDER_REQUEST_FIELD: JsonObject = {
  type: 'string',
  description:
    'latticelm extension: the configured provider to send this request to, when a model name is served by more than one. ' +
    'Omitted: the provider the model is configured for.',
  [EXTENSION_MARK]: true,
};

export const PROVIDER_RESPONSE_FIELD: JsonObject = {
  type: 'string',
  description: 'latticelm extension: the configured provider that produced this response.',
  [EXTENSION_MARK]: true,
};

export const COST_RESPONSE_FIELD: JsonObject = {
  type: 'number',
  description:
    'latticelm extension: the cost in USD of producing this response, from the usage the vendor reported and the price table ' +
    '(models[].pricing overrides it); on a terminal response. Absent when pricing is off or the cost is unknown (no price, no usage). ' +
    'JSON answers also carry it in the x-latticelm-cost-usd header.',
  [EXTENSION_MARK]: true,
};

/** The response header the response cache sets on the answers it decided on (absent while it is off). */
export const CACHE_STATUS_HEADER: JsonObject = {
  description:
    'latticelm extension, with response_cache enabled: `hit` (answered from the cache: no vendor call, cost 0, ' +
    "x-latticelm-cost-usd: 0), `miss`, `refresh`, or `bypass` (the request, its API key or the config kept it out).",
  schema: { enum: ['hit', 'miss', 'refresh', 'bypass'] },
  [EXTENSION_MARK]: true,
};

export const GATEWAY_SCHEMAS: Record<string, JsonObject> = {
  GatewayErrorBody: {
    type: 'object',
    title: 'Error body',
    description: 'Every non-2xx answer of the gateway. `type` is one of invalid_request, not_found, authentication_error, permission_error, too_many_requests, insufficient_quota, server_error, model_error, service_unavailable, timeout.',
    required: ['error'],
    properties: { error: ref('ErrorPayload') },
    [EXTENSION_MARK]: true,
  },
  DeletedResponse: {
    type: 'object',
    required: ['id', 'object', 'deleted'],
    properties: { id: { type: 'string' }, object: { const: 'response.deleted' }, deleted: { const: true } },
    [EXTENSION_MARK]: true,
  },
  InputItemList: {
    type: 'object',
    description: "A page of a stored response's input items (cursor pagination, newest first unless order=asc).",
    required: ['object', 'data', 'first_id', 'last_id', 'has_more'],
    properties: {
      object: { const: 'list' },
      data: { type: 'array', items: ref('ItemField') },
      first_id: nullable('string'),
      last_id: nullable('string'),
      has_more: { type: 'boolean' },
    },
    [EXTENSION_MARK]: true,
  },
  Model: {
    type: 'object',
    required: ['id', 'object', 'created', 'owned_by', 'provider', 'provider_type'],
    properties: {
      id: { type: 'string', description: 'The model name clients send as `model`.' },
      object: { const: 'model' },
      created: { type: 'integer', description: 'Unix seconds (when the gateway started).' },
      owned_by: { type: 'string', description: 'The configured provider name.' },
      provider: { type: 'string', description: 'The configured provider name.' },
      provider_type: { type: 'string', description: 'The kind of upstream API the provider speaks.' },
    },
    [EXTENSION_MARK]: true,
  },
  ModelList: {
    type: 'object',
    required: ['object', 'data'],
    properties: { object: { const: 'list' }, data: { type: 'array', items: ref('Model') } },
    [EXTENSION_MARK]: true,
  },
  HealthStatus: {
    type: 'object',
    required: ['status', 'timestamp'],
    properties: { status: { const: 'healthy' }, timestamp: { type: 'integer', description: 'Unix seconds.' } },
    [EXTENSION_MARK]: true,
  },
  ReadinessReport: {
    type: 'object',
    required: ['status', 'timestamp', 'checks'],
    properties: {
      status: { enum: ['ready', 'not_ready'] },
      timestamp: { type: 'integer', description: 'Unix seconds.' },
      checks: {
        type: 'object',
        required: ['conversation_store', 'providers', 'circuits'],
        properties: {
          conversation_store: { type: 'string', description: '"healthy" or "unhealthy: <reason>".' },
          providers: { type: 'string', description: '"healthy" or "unhealthy: <reason>".' },
          circuits: { type: 'object', additionalProperties: { enum: ['closed', 'open', 'half_open'] }, description: 'Circuit state by provider; reported, never failing readiness.' },
          shutdown: { const: 'draining', description: 'Present while the gateway drains before stopping.' },
        },
      },
    },
    [EXTENSION_MARK]: true,
  },
};

export const GATEWAY_PARAMETERS: Record<string, JsonObject> = {
  CacheDirective: {
    name: 'x-latticelm-cache',
    in: 'header',
    description:
      'latticelm extension, with response_cache enabled: `on` answers from the exact response cache when it holds this request, ' +
      '`off` keeps the request out of it, `refresh` asks the vendor and replaces the kept answer. Omitted: the API key\'s ' +
      'metadata.response_cache, else response_cache.cache_by_default.',
    schema: { enum: ['on', 'off', 'refresh'] },
    [EXTENSION_MARK]: true,
  },
  ResponseId: { name: 'id', in: 'path', required: true, description: 'The id of a stored response (`resp_…`).', schema: { type: 'string' } },
  After: { name: 'after', in: 'query', description: 'Return items after this item id.', schema: { type: 'string' } },
  Before: { name: 'before', in: 'query', description: 'Return items before this item id.', schema: { type: 'string' } },
  Limit: { name: 'limit', in: 'query', description: 'Page size.', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
  Order: { name: 'order', in: 'query', description: 'Item order.', schema: { enum: ['asc', 'desc'], default: 'desc' } },
};

const retryAfter: JsonObject = { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } };
const challenge: JsonObject = { description: 'RFC 6750 bearer challenge (when the gateway itself refused the token).', schema: { type: 'string' } };

function errorResponse(description: string, type: string, code: string, headers?: Record<string, JsonObject>): JsonObject {
  const example: JsonObject = { error: { type, code, message: description, param: null } };
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/json': { schema: ref('GatewayErrorBody'), example } },
  };
}

/** The error answers by status, shared by every operation through `#/components/responses/<status>`. */
export const ERROR_RESPONSES: Record<string, JsonObject> = {
  '400': errorResponse('The request is invalid (schema, unsupported parameter, malformed JSON).', 'invalid_request', 'invalid_request'),
  '401': errorResponse('No valid bearer token, or the provider refused the gateway\'s credentials.', 'authentication_error', 'invalid_token', { 'WWW-Authenticate': challenge }),
  '403': errorResponse('The token or the provider credentials lack a permission.', 'permission_error', 'insufficient_permissions', { 'WWW-Authenticate': challenge }),
  '404': errorResponse('No such model, provider or stored response.', 'not_found', 'not_found'),
  '409': errorResponse('The change conflicts with what exists: a key or an owner budget declared in the configuration, or a revoked key.', 'invalid_request', 'api_key_declared_in_config'),
  '413': errorResponse('The request body exceeds server.max_request_body_size.', 'invalid_request', 'request_too_large'),
  '429': errorResponse(
    "Rate limit exceeded for this client, an API key's limit or budget is spent (type and code `insufficient_quota`), or the provider refused.",
    'too_many_requests',
    'rate_limit_exceeded',
    {
      'Retry-After': { ...retryAfter, description: 'Seconds to wait before retrying; for a budget, until its period ends (absent for a total budget).' },
      'RateLimit-Limit': { description: 'The limit: bucket size (burst), requests or tokens per minute, or a budget in USD.', schema: { type: 'number' } },
      'RateLimit-Remaining': { description: 'What is left of it.', schema: { type: 'number' } },
      'RateLimit-Reset': { description: 'Seconds until it is back.', schema: { type: 'integer' } },
      'x-latticelm-ratelimit-exceeded': {
        description: "Which API key limit refused: requests_per_minute, tokens_per_minute, key_budget or owner_budget.",
        schema: { type: 'string' },
      },
    },
  ),
  '502': errorResponse('The provider answered with an error or an unreadable stream.', 'server_error', 'upstream_error'),
  '503': errorResponse('A circuit is open, the conversation store or the token issuer is unavailable, or the gateway is draining.', 'service_unavailable', 'service_unavailable', { 'Retry-After': retryAfter }),
  '504': errorResponse('The provider did not answer in time.', 'timeout', 'upstream_timeout'),
};

export const BEARER_SCHEME: JsonObject = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'An OIDC access token from the configured issuer (auth.issuer, auth.audience), or a gateway API key (lm-…; an admin key on the admin API).',
};
