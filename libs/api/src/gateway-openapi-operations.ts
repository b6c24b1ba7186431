import { EXTENSION_MARK, JsonObject } from './gateway-openapi-additions';

/**
 * The operator's side of the gateway in the OpenAPI document: the admin API (when `admin.enabled`) and the
 * Prometheus scrape path (when metrics are on). Plain data, like the other additions.
 */
const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string): JsonObject => ({ description, content: { 'application/json': { schema: ref(name) } } });
const error = (status: string): JsonObject => ({ $ref: `#/components/responses/Error${status}` });

export const ADMIN_TAG = { name: 'Admin', description: 'Read-only operator API (admin.enabled); with auth on, the token must carry auth.admin_claim = auth.admin_value.' };
export const METRICS_TAG = { name: 'Metrics', description: 'Prometheus scrape endpoint (observability.enabled and metrics.enabled); never authenticated or rate limited.' };

const adminOperation = (operationId: string, summary: string, schema: string, description: string): Record<string, JsonObject> => ({
  get: {
    tags: ['Admin'],
    operationId,
    summary,
    responses: { '200': json(schema, description), '403': error('403'), '429': error('429') },
  },
});

export const ADMIN_PATHS: Record<string, Record<string, JsonObject>> = {
  '/admin/api/info': adminOperation('adminInfo', 'Version, uptime and where the configuration came from', 'AdminSystemInfo', 'System information.'),
  '/admin/api/health': adminOperation('adminHealth', 'Conversation store, providers and circuits, with details', 'AdminHealthReport', 'Every check with its status.'),
  '/admin/api/config': adminOperation('adminConfig', 'The effective configuration, every secret masked', 'AdminConfig', 'The configuration in effect.'),
  '/admin/api/providers': adminOperation('adminProviders', 'Providers, their models and circuit states', 'AdminProviderList', 'The configured providers.'),
};

export function metricsPath(): Record<string, JsonObject> {
  return {
    get: {
      tags: ['Metrics'],
      operationId: 'metrics',
      summary: 'Prometheus metrics',
      description: 'The text exposition format: request, token, latency, upstream, circuit, rate-limit and store series, and the Node process metrics.',
      responses: {
        '200': {
          description: 'The current value of every series.',
          content: { 'text/plain': { schema: { type: 'string' }, example: '# TYPE latticelm_requests_total counter\nlatticelm_requests_total{provider="openai",model="gpt-4o-mini",status="200",stream="false"} 1\n' } },
        },
      },
    },
  };
}

const status = { enum: ['healthy', 'degraded', 'unhealthy'] };

export const OPERATOR_SCHEMAS: Record<string, JsonObject> = {
  AdminSystemInfo: {
    type: 'object',
    required: ['name', 'version', 'started_at', 'uptime_seconds', 'uptime', 'platform', 'arch', 'node_version', 'pid', 'config_source'],
    properties: {
      name: { type: 'string' },
      version: { type: 'string' },
      started_at: { type: 'string', format: 'date-time' },
      uptime_seconds: { type: 'integer' },
      uptime: { type: 'string', description: 'e.g. "2h 5m 3s"' },
      platform: { type: 'string' },
      arch: { type: 'string' },
      node_version: { type: 'string' },
      pid: { type: 'integer' },
      config_source: { type: 'string', description: 'The configuration file, or "defaults".' },
    },
    [EXTENSION_MARK]: true,
  },
  AdminHealthReport: {
    type: 'object',
    required: ['status', 'timestamp', 'checks'],
    properties: {
      status,
      timestamp: { type: 'string', format: 'date-time' },
      checks: {
        type: 'object',
        additionalProperties: { type: 'object', required: ['status', 'message'], properties: { status, message: { type: 'string' } } },
      },
    },
    [EXTENSION_MARK]: true,
  },
  AdminConfig: {
    type: 'object',
    description:
      'The configuration in effect, under the YAML file\'s own key names (server, logging, providers, models, conversations, rate_limit, auth, observability, admin, …) with defaults filled in; keys, passwords and tokens are masked.',
    additionalProperties: true,
    [EXTENSION_MARK]: true,
  },
  AdminProviderList: {
    type: 'object',
    required: ['providers'],
    properties: {
      providers: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'type', 'endpoint', 'status', 'circuit', 'models'],
          properties: {
            name: { type: 'string' },
            type: { type: 'string' },
            endpoint: { type: ['string', 'null'], description: 'Credentials masked; null for the vendor default.' },
            status: { enum: ['available', 'unavailable'] },
            circuit: { type: ['string', 'null'] },
            models: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name', 'provider_model_id', 'fallbacks'],
                properties: {
                  name: { type: 'string' },
                  provider_model_id: { type: 'string' },
                  fallbacks: { type: 'array', items: { type: 'string' } },
                  circuit: { type: 'string' },
                  cooling_down_s: { type: 'number' },
                },
              },
            },
          },
        },
      },
    },
    [EXTENSION_MARK]: true,
  },
};
