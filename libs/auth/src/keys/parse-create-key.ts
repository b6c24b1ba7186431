import { GatewayError } from '@latticelm/api';
import { API_KEY_CACHE_METADATA, API_KEY_CACHE_VALUES, type ApiKeyBudget, type ApiKeyLimits } from '@latticelm/config';

export interface CreateKeyInput {
  name: string;
  owner?: string;
  models: string[];
  limits: ApiKeyLimits;
  budget: ApiKeyBudget | null;
  expiresAt: number | null;
  metadata: Record<string, string>;
}

const FIELDS = new Set(['name', 'owner', 'models', 'limits', 'budget', 'expires_at', 'metadata']);
const invalid = (param: string, message: string) => GatewayError.invalidRequest(param, message);

/** `POST /admin/api/keys`'s body, checked field by field; a bad one is a 400 naming it. */
export function parseCreateKey(body: unknown, now: number): CreateKeyInput {
  if (!isObject(body)) throw invalid('body', 'the body must be a JSON object');
  for (const field of Object.keys(body)) if (!FIELDS.has(field)) throw GatewayError.invalidRequest(field, `unknown parameter '${field}'`, 'unknown_parameter');
  const { name, owner, models, limits, budget, expires_at: expires, metadata } = body;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255) throw invalid('name', "'name' is required: a string of 1 to 255 characters");
  if (owner !== undefined && (typeof owner !== 'string' || owner === '' || owner.length > 255)) throw invalid('owner', "'owner' must be a string of 1 to 255 characters");
  if (models !== undefined && (!Array.isArray(models) || !models.every((model) => typeof model === 'string' && model !== '' && model.length <= 255))) {
    throw invalid('models', "'models' must be a list of model names or patterns");
  }
  return {
    name,
    owner,
    models: (models as string[] | undefined) ?? [],
    limits: parseLimits(limits),
    budget: parseBudget(budget),
    expiresAt: parseExpiry(expires, now),
    metadata: parseMetadata(metadata),
  };
}

function parseLimits(value: unknown): ApiKeyLimits {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid('limits', "'limits' must be an object");
  const limits: ApiKeyLimits = {};
  for (const [field, name] of [
    ['requestsPerMinute', 'requests_per_minute'],
    ['tokensPerMinute', 'tokens_per_minute'],
  ] as const) {
    const limit = value[name];
    if (limit === undefined || limit === null) continue;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) throw invalid(`limits.${name}`, `'limits.${name}' must be a positive integer`);
    limits[field] = limit;
  }
  const unknown = Object.keys(value).find((field) => field !== 'requests_per_minute' && field !== 'tokens_per_minute');
  if (unknown) throw GatewayError.invalidRequest(`limits.${unknown}`, `unknown parameter 'limits.${unknown}'`, 'unknown_parameter');
  return limits;
}

const BUDGET_FIELDS = new Set(['usd', 'period', 'mode']);

/**
 * A budget object: `budget` in a key's body, or a whole body (`PUT /admin/api/owners/{owner}/budget`, `path` '').
 * A bad field is a 400 naming it.
 */
export function parseBudget(value: unknown, path = 'budget'): ApiKeyBudget | null {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (value === undefined || value === null) return null;
  if (!isObject(value)) throw invalid(path || 'body', `'${path || 'body'}' must be an object`);
  const unknown = Object.keys(value).find((field) => !BUDGET_FIELDS.has(field));
  if (unknown) throw GatewayError.invalidRequest(at(unknown), `unknown parameter '${at(unknown)}'`, 'unknown_parameter');
  const { usd, period, mode } = value;
  if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) throw invalid(at('usd'), `'${at('usd')}' must be a non-negative number`);
  if (period !== 'day' && period !== 'month' && period !== 'total') throw invalid(at('period'), `'${at('period')}' must be one of day, month, total`);
  if (mode !== undefined && mode !== 'hard' && mode !== 'soft') throw invalid(at('mode'), `'${at('mode')}' must be hard or soft`);
  return { usd, period, mode: mode ?? 'hard' };
}

/** ISO 8601 or Unix seconds (the API's own time format); it must lie in the future. */
function parseExpiry(value: unknown, now: number): number | null {
  if (value === undefined || value === null) return null;
  const at = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(at)) throw invalid('expires_at', "'expires_at' must be an ISO 8601 time or Unix seconds");
  if (at <= now) throw invalid('expires_at', "'expires_at' must be in the future");
  return at;
}

function parseMetadata(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalid('metadata', "'metadata' must be an object of strings");
  const entries = Object.entries(value);
  if (entries.length > 16) throw invalid('metadata', "'metadata' holds at most 16 entries");
  for (const [key, entry] of entries) {
    if (typeof entry !== 'string' || entry.length > 512 || key.length > 64) throw invalid(`metadata.${key}`, `'metadata.${key}' must be a string of at most 512 characters (keys at most 64)`);
  }
  const cache = value[API_KEY_CACHE_METADATA];
  if (cache !== undefined && !(API_KEY_CACHE_VALUES as readonly unknown[]).includes(cache)) {
    const param = `metadata.${API_KEY_CACHE_METADATA}`;
    throw invalid(param, `'${param}' must be one of ${API_KEY_CACHE_VALUES.join(', ')} (the key's response cache opt-in)`);
  }
  return value as Record<string, string>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
