import { EXTENSION_MARK, JsonObject } from './gateway-openapi-additions';

/** The usage log's admin routes in the OpenAPI document (when `usage_log.enabled`). Plain data, like the other additions. */
const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const error = (status: string): JsonObject => ({ $ref: `#/components/responses/Error${status}` });
const nullable = (type: string, description?: string): JsonObject => ({ type: [type, 'null'], ...(description ? { description } : {}) });
const query = (name: string, description: string, schema: JsonObject = { type: 'string' }): JsonObject => ({ name, in: 'query', description, schema });
const TIME = 'ISO 8601 (2026-01-05, 2026-01-05T13:00:00Z; no offset means UTC) or unix seconds.';
const FILTERS = [
  query('key_id', 'Only requests made with this API key.'),
  query('owner', 'Only requests of this owner (the principal’s subject).'),
  query('model', 'Only requests for this model (the client-facing name).'),
  query('provider', 'Only requests served by this configured provider.'),
];

export const USAGE_TAG = {
  name: 'Usage',
  description:
    'The usage log (usage_log.enabled): one record per model request, raw for usage_log.retention, then daily roll-ups. Needs an admin key ' +
    '(auth.api_keys.admin_keys) or an OIDC token with the admin claim; never open.',
};

export const USAGE_PATHS: Record<string, Record<string, JsonObject>> = {
  '/admin/api/usage': {
    get: {
      tags: ['Usage'],
      operationId: 'adminUsage',
      summary: 'Usage totals by key, owner, model, provider, day or hour',
      description:
        'Raw records and daily roll-ups, each request counted once. A rolled-up day counts whole when it overlaps [from, to); group_by=hour covers the ' +
        'raw retention only. Records reach the store within usage_log.flush_interval.',
      parameters: [
        query('group_by', 'The dimension of the rows.', { enum: ['key', 'owner', 'model', 'provider', 'day', 'hour'], default: 'day' }),
        query('from', `Start, inclusive; default: 7 days before \`to\`. ${TIME}`),
        query('to', `End, exclusive; default: now. ${TIME}`),
        ...FILTERS,
      ],
      responses: { '200': { description: 'One row per group.', content: { 'application/json': { schema: ref('UsageList') } } }, '400': error('400'), '403': error('403'), '503': error('503') },
    },
  },
  '/admin/api/requests': {
    get: {
      tags: ['Usage'],
      operationId: 'adminRequests',
      summary: 'Recent requests, newest first',
      parameters: [
        query('limit', 'Page size.', { type: 'integer', minimum: 1, maximum: 1000, default: 50 }),
        query('before', `Only requests that ended before this time (exclusive): the last row's \`time\` pages on. ${TIME}`),
        query('status', 'An HTTP status (429) or an outcome (ok, error, stream_failed, client_closed).'),
        ...FILTERS,
      ],
      responses: { '200': { description: 'A page of records.', content: { 'application/json': { schema: ref('UsageRequestList') } } }, '400': error('400'), '403': error('403'), '503': error('503') },
    },
  },
};

const TOTALS: Record<string, JsonObject> = {
  requests: { type: 'integer' },
  errors: { type: 'integer', description: 'Requests answered with a status of 400 or more (499: the client left), or streams that failed after their 200.' },
  input_tokens: { type: 'integer', description: 'Every input token; cached and cache-write tokens are part of it.' },
  cached_tokens: { type: 'integer' },
  cache_write_tokens: { type: 'integer' },
  output_tokens: { type: 'integer', description: 'Every output token; reasoning tokens are part of it.' },
  reasoning_tokens: { type: 'integer' },
  cost_usd: nullable('number', 'The sum of the known costs; null when no request of the group had one.'),
  unpriced_requests: { type: 'integer', description: 'Requests whose cost is unknown (no price, no usage, pricing off).' },
  latency_ms_p50: nullable('number', 'From log-scale buckets (within 19%).'),
  latency_ms_p95: nullable('number'),
  ttft_ms_p50: nullable('number', 'Time to first token of streams; null without any.'),
  ttft_ms_p95: nullable('number'),
};

export const USAGE_SCHEMAS: Record<string, JsonObject> = {
  UsageList: {
    type: 'object',
    required: ['object', 'group_by', 'from', 'to', 'data'],
    properties: {
      object: { const: 'list' },
      group_by: { enum: ['key', 'owner', 'model', 'provider', 'day', 'hour'] },
      from: { type: 'string', format: 'date-time' },
      to: { type: 'string', format: 'date-time' },
      data: { type: 'array', items: ref('UsageRow') },
    },
    [EXTENSION_MARK]: true,
  },
  UsageRow: {
    type: 'object',
    description: 'Names its group by one of key_id (with key_name), owner, model, provider, day or hour; null: requests without one (no key, no provider reached).',
    required: Object.keys(TOTALS),
    properties: {
      key_id: nullable('string'),
      key_name: nullable('string'),
      owner: { type: 'string' },
      model: nullable('string'),
      provider: nullable('string'),
      day: { type: 'string', format: 'date', description: 'UTC.' },
      hour: { type: 'string', format: 'date-time', description: 'The UTC hour, 2026-01-05T13:00:00Z.' },
      ...TOTALS,
    },
    [EXTENSION_MARK]: true,
  },
  UsageRequestList: {
    type: 'object',
    required: ['object', 'data', 'has_more'],
    properties: { object: { const: 'list' }, data: { type: 'array', items: ref('UsageRequest') }, has_more: { type: 'boolean' } },
    [EXTENSION_MARK]: true,
  },
  UsageRequest: {
    type: 'object',
    required: [
      'time', 'request_id', 'key_id', 'key_name', 'owner', 'model', 'provider', 'route', 'status', 'outcome', 'stream',
      'input_tokens', 'cached_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens', 'cost_usd', 'latency_ms', 'ttft_ms', 'cache_hit',
    ],
    properties: {
      time: { type: 'string', format: 'date-time', description: 'When the request ended.' },
      request_id: { type: 'string', description: 'Its X-Request-Id.' },
      key_id: nullable('string'),
      key_name: nullable('string'),
      owner: { type: 'string' },
      model: nullable('string'),
      provider: nullable('string'),
      route: { type: 'string', description: 'Method and route: "POST /v1/chat/completions", "WS /v1/responses" (a WebSocket turn).' },
      status: { type: 'integer' },
      outcome: { enum: ['ok', 'error', 'stream_failed', 'client_closed'] },
      stream: { type: 'boolean' },
      input_tokens: { type: 'integer' },
      cached_tokens: { type: 'integer' },
      cache_write_tokens: { type: 'integer' },
      output_tokens: { type: 'integer' },
      reasoning_tokens: { type: 'integer' },
      cost_usd: nullable('number'),
      latency_ms: { type: 'number' },
      ttft_ms: nullable('number'),
      cache_hit: nullable('boolean', 'Answered from the response cache; false when the cache was asked and did not answer; null with the cache off.'),
      prompt: { type: 'string', description: 'The input text, truncated; only with usage_log.include_prompts.' },
    },
    [EXTENSION_MARK]: true,
  },
};
