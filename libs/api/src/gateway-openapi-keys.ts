import { EXTENSION_MARK, JsonObject } from './gateway-openapi-additions';

/**
 * The admin API of keys and budgets (`auth.api_keys.enabled`): `/admin/api/keys` and `/admin/api/owners`, the
 * contract of issue 12. An admin key or an OIDC token with the admin claim opens it, never a gateway key.
 */
const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string): JsonObject => ({ description, content: { 'application/json': { schema: ref(name) } } });
const body = (name: string): JsonObject => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const errors = (...statuses: string[]): JsonObject => Object.fromEntries(statuses.map((status) => [status, { $ref: `#/components/responses/Error${status}` }]));
const seconds = (description: string): JsonObject => ({ type: ['integer', 'null'], description: `${description} (Unix seconds)` });
const pathParameter = (name: string, description: string): JsonObject => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

export const KEYS_TAG = {
  name: 'Keys',
  description: 'API keys, their spend, and owners\' budgets (auth.api_keys.enabled); needs an admin key (auth.api_keys.admin_keys) or an OIDC token with the admin claim.',
};

const operation = (operationId: string, summary: string, responses: JsonObject, extra: JsonObject = {}): JsonObject => ({
  tags: ['Keys'],
  operationId,
  summary,
  ...extra,
  responses: { ...responses, ...errors('401', '403') },
});

const keyId = pathParameter('id', 'The key id (`key_…`, or `cfg_…` for a declared key).');
const owner = pathParameter('owner', 'The owner (a team, a subject), URL-encoded.');

export const KEYS_PATHS: Record<string, Record<string, JsonObject | JsonObject[]>> = {
  '/admin/api/keys': {
    post: operation('createApiKey', 'Create a key; its secret is in this answer only', { '201': json('ApiKeyWithSecret', 'The key and its secret (`key`).'), ...errors('400') }, { requestBody: body('CreateApiKeyRequest') }),
    get: operation('listApiKeys', 'Every key, declared and created, without secrets, with its spend', { '200': json('ApiKeyList', 'The keys, newest first after the declared ones.') }),
  },
  '/admin/api/keys/{id}': {
    parameters: [keyId],
    get: operation('getApiKey', 'One key with its spend', { '200': json('ApiKey', 'The key.'), ...errors('404') }),
    delete: operation('revokeApiKey', 'Revoke a key (kept, status revoked); refused at once here, elsewhere within auth.api_keys.cache_ttl', {
      '200': json('ApiKey', 'The revoked key, with `deleted: true`.'),
      ...errors('404', '409'),
    }),
  },
  '/admin/api/keys/{id}/rotate': {
    parameters: [keyId],
    post: operation('rotateApiKey', 'A new secret under the same id; the old one works for auth.api_keys.rotation_grace', {
      '200': json('ApiKeyWithSecret', 'The key and its new secret.'),
      ...errors('404', '409'),
    }),
  },
  '/admin/api/owners': {
    get: operation('listOwners', 'Every owner of a key or of a budget, with its spend', { '200': json('OwnerList', 'The owners, by name.') }),
  },
  '/admin/api/owners/{owner}/budget': {
    parameters: [owner],
    get: operation('getOwnerBudget', "An owner's budget and spend", { '200': json('OwnerBudget', 'The budget.'), ...errors('404') }),
    put: operation(
      'putOwnerBudget',
      "Set or replace an owner's budget: every key of the owner counts against it (here at once, elsewhere within auth.api_keys.cache_ttl)",
      { '200': json('OwnerBudget', 'The budget in force.'), ...errors('400', '409') },
      { requestBody: body('BudgetRequest') },
    ),
    delete: operation('deleteOwnerBudget', "Remove an owner's budget (its spend is kept)", { '200': json('OwnerBudget', 'The removed budget, with `deleted: true`.'), ...errors('404', '409') }),
  },
};

const budget: JsonObject = {
  type: 'object',
  required: ['usd', 'period', 'mode'],
  properties: {
    usd: { type: 'number', minimum: 0, description: 'USD per period.' },
    period: { enum: ['day', 'month', 'total'], description: 'UTC calendar day, UTC calendar month, or for ever.' },
    mode: { enum: ['hard', 'soft'], description: 'hard: 429 insufficient_quota once the spend has reached it; soft: served, flagged in metrics and the log.' },
  },
};

/** The spend fields of a key or an owner. */
const spend: Record<string, JsonObject> = {
  spend_usd: { type: 'number', description: "USD spent in the budget's current period; in total without a budget." },
  spend: {
    type: 'object',
    required: ['day_usd', 'month_usd', 'total_usd'],
    properties: { day_usd: { type: 'number' }, month_usd: { type: 'number' }, total_usd: { type: 'number' } },
    description: 'USD spent in the current UTC day, the current UTC month and in total.',
  },
  budget_period_start: seconds('With a budget: when its current period began; null for total'),
  budget_period_end: seconds('With a budget: when its current period ends; null for total'),
  budget_remaining_usd: { type: 'number', description: 'With a budget: what is left of it in the current period, never below 0.' },
};

const apiKey: JsonObject = {
  type: 'object',
  required: ['id', 'object', 'name', 'owner', 'key_hint', 'status', 'source', 'models', 'limits', 'budget', 'metadata', 'created_at'],
  description: 'A key, never its secret; GET and the list carry its spend.',
  properties: {
    id: { type: 'string' },
    object: { const: 'api_key' },
    name: { type: 'string' },
    owner: { type: 'string', description: 'Owns the conversations the key creates; its budget covers all its keys.' },
    key_hint: { type: 'string', description: 'The prefix and the last four characters, e.g. "lm-…abcd".' },
    status: { enum: ['active', 'expired', 'revoked'] },
    source: { enum: ['api', 'config'] },
    models: { type: 'array', items: { type: 'string' }, description: 'Allowed model names or glob patterns; empty: all.' },
    limits: {
      type: 'object',
      properties: { requests_per_minute: { type: ['integer', 'null'] }, tokens_per_minute: { type: ['integer', 'null'] } },
    },
    budget: { anyOf: [ref('Budget'), { type: 'null' }] },
    expires_at: seconds('When the key stops working'),
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    created_at: seconds('Creation'),
    created_by: { type: 'string' },
    rotated_at: seconds('Last rotation'),
    previous_key_expires_at: seconds("When the pre-rotation secret's grace ends"),
    revoked_at: seconds('Revocation'),
    deleted: { const: true, description: 'In the answer to DELETE.' },
    ...spend,
  },
  [EXTENSION_MARK]: true,
};

export const KEYS_SCHEMAS: Record<string, JsonObject> = {
  Budget: { ...budget, [EXTENSION_MARK]: true },
  BudgetRequest: { ...budget, required: ['usd', 'period'], additionalProperties: false, description: 'mode defaults to hard.', [EXTENSION_MARK]: true },
  ApiKey: apiKey,
  ApiKeyWithSecret: {
    allOf: [ref('ApiKey'), { type: 'object', required: ['key'], properties: { key: { type: 'string', description: 'The secret (`lm-…`): shown here only, stored as its SHA-256.' } } }],
    [EXTENSION_MARK]: true,
  },
  ApiKeyList: { type: 'object', required: ['object', 'data'], properties: { object: { const: 'list' }, data: { type: 'array', items: ref('ApiKey') } }, [EXTENSION_MARK]: true },
  CreateApiKeyRequest: {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 255 },
      owner: { type: 'string', minLength: 1, maxLength: 255, description: 'Default: the creating subject.' },
      models: { type: 'array', items: { type: 'string' } },
      limits: {
        type: 'object',
        additionalProperties: false,
        properties: { requests_per_minute: { type: 'integer', minimum: 1 }, tokens_per_minute: { type: 'integer', minimum: 1 } },
      },
      budget: ref('BudgetRequest'),
      expires_at: { type: ['string', 'integer'], description: 'ISO 8601 or Unix seconds, in the future.' },
      metadata: { type: 'object', maxProperties: 16, additionalProperties: { type: 'string', maxLength: 512 } },
    },
    [EXTENSION_MARK]: true,
  },
  Owner: {
    type: 'object',
    required: ['object', 'owner', 'keys', 'budget', 'budget_source', 'spend_usd', 'spend'],
    properties: {
      object: { const: 'owner' },
      owner: { type: 'string' },
      keys: { type: 'integer', description: 'Its keys that are not revoked.' },
      budget: { anyOf: [ref('Budget'), { type: 'null' }] },
      budget_source: { enum: ['api', 'config', null] },
      ...spend,
    },
    [EXTENSION_MARK]: true,
  },
  OwnerList: { type: 'object', required: ['object', 'data'], properties: { object: { const: 'list' }, data: { type: 'array', items: ref('Owner') } }, [EXTENSION_MARK]: true },
  OwnerBudget: {
    type: 'object',
    required: ['object', 'owner', 'budget', 'source', 'updated_at', 'spend_usd', 'spend'],
    properties: {
      object: { const: 'owner_budget' },
      owner: { type: 'string' },
      budget: ref('Budget'),
      source: { enum: ['api', 'config'], description: 'config: auth.api_keys.owner_budgets, changed only there (409).' },
      updated_at: seconds('Last change through the API; null for the config'),
      deleted: { const: true, description: 'In the answer to DELETE.' },
      ...spend,
    },
    [EXTENSION_MARK]: true,
  },
};
