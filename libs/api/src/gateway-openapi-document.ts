import { CHAT_COMPLETIONS_SCHEMAS, chatCompletionsPaths, CHAT_COMPLETIONS_TAG } from './chat-completions/chat-completions-openapi';
import {
  BEARER_SCHEME,
  CACHE_STATUS_HEADER,
  ERROR_RESPONSES,
  EXTENSION_MARK,
  GATEWAY_PARAMETERS,
  GATEWAY_SCHEMAS,
  JsonObject,
  JsonValue,
  PROVIDER_REQUEST_FIELD,
  PROVIDER_RESPONSE_FIELD,
  COST_RESPONSE_FIELD,
} from './gateway-openapi-additions';
import { EMBEDDINGS_SCHEMAS, EMBEDDINGS_TAG, embeddingsPath } from './gateway-openapi-embeddings';
import { KEYS_PATHS, KEYS_SCHEMAS, KEYS_TAG } from './gateway-openapi-keys';
import { ADMIN_PATHS, ADMIN_TAG, METRICS_TAG, OPERATOR_SCHEMAS, metricsPath } from './gateway-openapi-operations';
import { MESSAGES_SCHEMAS, MESSAGES_TAG, messagesPaths } from './gateway-openapi-messages';
import { USAGE_PATHS, USAGE_SCHEMAS, USAGE_TAG } from './gateway-openapi-usage';

export type { JsonObject, JsonValue } from './gateway-openapi-additions';

export interface GatewayOpenApiOptions {
  /** `info.version`: the gateway's own version. */
  version: string;
  /** auth.enabled or auth.api_keys.enabled: every /v1 and admin operation then requires the bearer scheme (and may answer 401). */
  bearerAuth: boolean;
  /** the model of the example request Swagger UI's "Try it out" starts from: one this gateway serves */
  exampleModel: string;
  /** admin.enabled: the admin API's paths */
  admin: boolean;
  /** auth.api_keys.enabled: the admin API of keys and owners' budgets */
  apiKeys?: boolean;
  /** usage_log.enabled: the usage and recent-requests routes of the admin API */
  usageLog?: boolean;
  /** the metrics path when Prometheus metrics are served */
  metricsPath?: string;
}

/** Short, so the first "Try it out" costs a few tokens. */
const EXAMPLE_INPUT = 'Say hello in five words.';

const V1 = '/v1';
const SECURITY_SCHEME = 'bearerAuth';
const parameter = (name: string): JsonObject => ({ $ref: `#/components/parameters/${name}` });
const schema = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string): JsonObject => ({ description, content: { 'application/json': { schema: schema(name) } } });
const errors = (...statuses: string[]): JsonObject =>
  Object.fromEntries(statuses.map((status) => [status, { $ref: `#/components/responses/Error${status}` }]));

/**
 * The gateway's OpenAPI 3.1 document: the Open Responses document's `POST /responses` (request body, JSON
 * answer and SSE events exactly as the standard defines them) re-rooted under /v1, plus what the gateway adds —
 * the `provider` fields, the stored-response routes, /v1/models, the probes, the error answers and the bearer
 * scheme. Pure: the standard document passed in is not modified.
 */
export function buildGatewayOpenApiDocument(standard: JsonObject, options: GatewayOpenApiOptions): JsonObject {
  const source = structuredClone(standard) as StandardDocument;
  const create = source.paths?.['/responses']?.post;
  const websocket = source.paths?.['/responses']?.['x-openresponses-websocket'];
  const compact = source.paths?.['/responses/compact']?.post;
  const schemas = source.components?.schemas;
  if (!create || !schemas?.CreateResponseBody || !schemas.ResponseResource) {
    throw new Error('the Open Responses document has no POST /responses, CreateResponseBody or ResponseResource');
  }
  for (const name of [
    ...Object.keys(GATEWAY_SCHEMAS),
    ...Object.keys(OPERATOR_SCHEMAS),
    ...Object.keys(KEYS_SCHEMAS),
    ...Object.keys(EMBEDDINGS_SCHEMAS),
    ...Object.keys(MESSAGES_SCHEMAS),
    ...Object.keys(CHAT_COMPLETIONS_SCHEMAS),
    ...Object.keys(USAGE_SCHEMAS),
  ]) {
    if (name in schemas) throw new Error(`the Open Responses document now defines ${name}; rename the gateway's schema`);
  }
  addProperty(schemas.CreateResponseBody, 'provider', PROVIDER_REQUEST_FIELD);
  addProperty(schemas.ResponseResource, 'provider', PROVIDER_RESPONSE_FIELD);
  addProperty(schemas.ResponseResource, 'cost_usd', COST_RESPONSE_FIELD);

  const paths: Record<string, Record<string, JsonObject | JsonObject[]>> = {
    [`${V1}/responses`]: {
      post: {
        ...create,
        tags: ['Responses'],
        // The gateway reads JSON bodies only; the standard's form-encoded variant would get a 400. Without an
        // example, Swagger UI fills "Try it out" from the schema (model "string", background true…): a sure 400.
        requestBody: {
          required: true,
          content: { 'application/json': { schema: schema('CreateResponseBody'), example: { model: options.exampleModel, input: EXAMPLE_INPUT } } },
        },
        responses: { ...(create.responses ?? {}), ...errors('400', '401', '403', '404', '413', '429', '502', '503', '504') },
      },
      // WebSocket mode on the same path, as the standard describes it (client and error message schemas).
      ...(websocket ? { 'x-openresponses-websocket': websocket } : {}),
    },
    ...(compact
      ? {
          [`${V1}/responses/compact`]: {
            post: {
              ...compact,
              tags: ['Responses'],
              responses: { ...(compact.responses ?? {}), ...errors('400', '401', '404', '413', '429', '502', '503', '504') },
            },
          },
        }
      : {}),
    [`${V1}/responses/{id}`]: {
      parameters: [parameter('ResponseId')],
      get: {
        tags: ['Responses'],
        operationId: 'getResponse',
        summary: 'Retrieve a stored response',
        description: 'A response created with `store` on (the default), for its owner only.',
        responses: { '200': json('ResponseResource', 'The stored response.'), ...errors('404', '429', '503') },
      },
      delete: {
        tags: ['Responses'],
        operationId: 'deleteResponse',
        summary: 'Delete a stored response',
        responses: { '200': json('DeletedResponse', 'Deleted.'), ...errors('404', '429', '503') },
      },
    },
    [`${V1}/responses/{id}/input_items`]: {
      parameters: [parameter('ResponseId')],
      get: {
        tags: ['Responses'],
        operationId: 'listInputItems',
        summary: "List a stored response's input items",
        parameters: ['After', 'Before', 'Limit', 'Order'].map(parameter),
        responses: { '200': json('InputItemList', 'A page of input items.'), ...errors('400', '404', '429', '503') },
      },
    },
    ...chatCompletionsPaths(options.exampleModel),
    [`${V1}/embeddings`]: embeddingsPath(),
    ...messagesPaths(options.exampleModel),
    [`${V1}/models`]: {
      get: {
        tags: ['Models'],
        operationId: 'listModels',
        summary: 'List the configured models',
        responses: { '200': json('ModelList', 'The models clients may name.'), ...errors('429') },
      },
    },
    '/health': {
      get: { tags: ['Health'], operationId: 'health', summary: 'Liveness probe', responses: { '200': json('HealthStatus', 'The process serves requests.') } },
    },
    '/ready': {
      get: {
        tags: ['Health'],
        operationId: 'ready',
        summary: 'Readiness probe',
        responses: { '200': json('ReadinessReport', 'Ready for traffic.'), '503': json('ReadinessReport', 'Not ready, or draining.') },
      },
    },
  };
  const tags = [
    { name: 'Responses', description: 'Open Responses, and the stored responses of `store: true`.' },
    CHAT_COMPLETIONS_TAG,
    EMBEDDINGS_TAG,
    MESSAGES_TAG,
    { name: 'Models', description: 'The models this gateway is configured to serve.' },
    { name: 'Health', description: 'Probes; never authenticated or rate limited.' },
  ];
  if (options.admin) {
    Object.assign(paths, ADMIN_PATHS);
    tags.push(ADMIN_TAG);
  }
  if (options.apiKeys) {
    Object.assign(paths, KEYS_PATHS);
    tags.push(KEYS_TAG);
  }
  if (options.usageLog) {
    Object.assign(paths, USAGE_PATHS);
    tags.push(USAGE_TAG);
  }
  if (options.metricsPath !== undefined) {
    paths[options.metricsPath] = metricsPath();
    tags.push(METRICS_TAG);
  }
  for (const path of [`${V1}/responses`, `${V1}/chat/completions`, `${V1}/messages`]) documentResponseCache(paths[path]?.post);
  if (options.bearerAuth) requireBearer(paths);

  return {
    openapi: source.openapi ?? '3.1.0',
    info: {
      title: 'latticelm',
      version: options.version,
      description:
        `An Open Responses gateway. \`POST /v1/responses\` and its schemas are the Open Responses document ${source.info?.version ?? ''} ` +
        `unchanged, but for the \`provider\` fields; everything the gateway adds is marked \`${EXTENSION_MARK}\`.` +
        (options.bearerAuth ? ' Every /v1 and /admin/api route needs a bearer token; the probes and metrics stay public.' : ''),
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'This gateway' }],
    tags,
    paths,
    components: {
      schemas: {
        ...schemas,
        ...GATEWAY_SCHEMAS,
        ...EMBEDDINGS_SCHEMAS,
        ...MESSAGES_SCHEMAS,
        ...CHAT_COMPLETIONS_SCHEMAS,
        ...(options.admin ? OPERATOR_SCHEMAS : {}),
        ...(options.apiKeys ? KEYS_SCHEMAS : {}),
        ...(options.usageLog ? USAGE_SCHEMAS : {}),
      },
      parameters: GATEWAY_PARAMETERS,
      responses: Object.fromEntries(Object.entries(ERROR_RESPONSES).map(([status, response]) => [`Error${status}`, response])),
      // Replaces the standard's ApiKeyAuth, whose `in` is not allowed on an http scheme by the OpenAPI 3.1 schema.
      // Only with auth on: Swagger UI shows its Authorize button whenever a scheme is declared.
      ...(options.bearerAuth ? { securitySchemes: { [SECURITY_SCHEME]: BEARER_SCHEME } } : {}),
    },
  };
}

function addProperty(target: JsonObject, name: string, value: JsonObject): void {
  const properties = (target.properties ?? {}) as JsonObject;
  target.properties = { ...properties, [name]: value };
}

/** The routes the response cache serves take its request header and name what it did in a response header. */
function documentResponseCache(operation: JsonObject | JsonObject[] | undefined): void {
  if (!operation || Array.isArray(operation)) return;
  operation.parameters = [...((operation.parameters as JsonValue[] | undefined) ?? []), parameter('CacheDirective')];
  const responses = operation.responses as Record<string, JsonObject>;
  const ok = responses['200'];
  const headers = (ok.headers ?? {}) as JsonObject;
  responses['200'] = { ...ok, headers: { ...headers, 'x-latticelm-cache': CACHE_STATUS_HEADER } };
}

function requireBearer(paths: Record<string, Record<string, JsonObject | JsonObject[]>>): void {
  for (const [path, item] of Object.entries(paths)) {
    if (!path.startsWith(`${V1}/`) && !path.startsWith('/admin/api/')) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (method === 'parameters' || method.startsWith('x-') || Array.isArray(operation)) continue;
      operation.security = [{ [SECURITY_SCHEME]: [] }];
      const responses = operation.responses as JsonObject;
      // sorted so 401 sits among the other statuses in the rendered reference
      const merged = { ...errors('401'), ...responses };
      operation.responses = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
    }
  }
}

interface StandardDocument {
  openapi?: string;
  info?: { version?: string };
  paths?: Record<string, { post?: JsonObject & { responses?: JsonObject }; 'x-openresponses-websocket'?: JsonObject }>;
  components?: { schemas?: Record<string, JsonObject> };
}
