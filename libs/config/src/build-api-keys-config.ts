import type { ConfigReader } from './config-reader';
import { API_KEY_CACHE_METADATA, API_KEY_CACHE_VALUES, type ApiKeyBudget, type ApiKeyLimits, type ApiKeysConfig, type DeclaredApiKey, type DeclaredOwnerBudget } from './gateway-config';

/** Every gateway-issued key starts with this, so a bearer credential is told from a JWT without a lookup. */
export const API_KEY_PREFIX = 'lm-';
/** A declared secret must be at least this long (the prefix included): a generated one is 46 characters. */
export const MIN_API_KEY_LENGTH = 32;

const BASE = 'auth.api_keys';

export function buildApiKeysConfig(read: ConfigReader): ApiKeysConfig {
  const config: ApiKeysConfig = {
    enabled: read.boolean(`${BASE}.enabled`, false),
    // an entry whose variable is unset is empty: no admin key, which leaves the admin API closed, not open
    adminKeys: read.stringList(`${BASE}.admin_keys`).filter((secret) => secret !== ''),
    cacheTtlMs: read.duration(`${BASE}.cache_ttl`, 30_000),
    rotationGraceMs: read.duration(`${BASE}.rotation_grace`, 24 * 3_600_000),
    defaultReservedOutputTokens: read.number(`${BASE}.default_reserved_output_tokens`, 1024, { min: 0, integer: true }),
    keys: read.list(`${BASE}.keys`).map((_entry, index) => declaredKey(read, `${BASE}.keys.${index}`)),
    ownerBudgets: read.list(`${BASE}.owner_budgets`).map((_entry, index) => ownerBudget(read, `${BASE}.owner_budgets.${index}`)),
  };
  for (const [index, secret] of config.adminKeys.entries()) {
    if (secret.length < 16) read.problem(`${BASE}.admin_keys[${index}]`, 'must be at least 16 characters (is its environment variable set?)');
  }
  const ids = new Set<string>();
  const secrets = new Set<string>();
  config.keys.forEach((key, index) => {
    if (ids.has(key.id)) read.problem(`${BASE}.keys[${index}].id`, `duplicate key id "${key.id}"`);
    if (key.secret && secrets.has(key.secret)) read.problem(`${BASE}.keys[${index}].key`, 'the same secret is declared twice');
    ids.add(key.id);
    secrets.add(key.secret);
  });
  const owners = new Set<string>();
  config.ownerBudgets.forEach(({ owner }, index) => {
    if (owner && owners.has(owner)) read.problem(`${BASE}.owner_budgets[${index}].owner`, `duplicate owner "${owner}"`);
    owners.add(owner);
  });
  return config;
}

/**
 * A list entry `{owner, usd, period, mode}` rather than a mapping keyed by owner: owners are often OIDC subjects
 * or e-mail addresses, whose dots a mapping key would split into a path.
 */
function ownerBudget(read: ConfigReader, path: string): DeclaredOwnerBudget {
  const shown = path.replace(/\.(\d+)$/, '[$1]');
  const owner = read.string(`${path}.owner`, '');
  if (!owner) read.problem(`${shown}.owner`, 'is required');
  return { owner, budget: budgetOf(read, path, shown) };
}

function declaredKey(read: ConfigReader, path: string): DeclaredApiKey {
  const shown = path.replace(/\.(\d+)$/, '[$1]');
  const name = read.string(`${path}.name`, '');
  if (!name) read.problem(`${shown}.name`, 'is required');
  const secret = read.string(`${path}.key`, '');
  // The message never repeats the value: it is a secret.
  if (!secret) read.problem(`${shown}.key`, 'is required (e.g. "${TEAM_KEY}" from a Secret; is the variable set?)');
  else if (!secret.startsWith(API_KEY_PREFIX) || secret.length < MIN_API_KEY_LENGTH) {
    read.problem(`${shown}.key`, `must start with "${API_KEY_PREFIX}" and be at least ${MIN_API_KEY_LENGTH} characters`);
  }
  const expires = read.string(`${path}.expires_at`);
  const expiresAt = expires === undefined ? undefined : Date.parse(expires);
  if (expiresAt !== undefined && Number.isNaN(expiresAt)) read.problem(`${shown}.expires_at`, `must be an ISO 8601 time, got "${expires}"`);
  const metadata: Record<string, string> = {};
  for (const field of Object.keys(read.mapping(`${path}.metadata`))) metadata[field] = read.string(`${path}.metadata.${field}`, '');
  const cache = metadata[API_KEY_CACHE_METADATA];
  if (cache !== undefined && !(API_KEY_CACHE_VALUES as readonly string[]).includes(cache)) {
    read.problem(`${shown}.metadata.${API_KEY_CACHE_METADATA}`, `must be one of ${API_KEY_CACHE_VALUES.join(', ')} (the key's response cache opt-in), got "${cache}"`);
  }
  const key: DeclaredApiKey = {
    id: read.string(`${path}.id`, `cfg_${name.replace(/[^A-Za-z0-9_-]/g, '_')}`),
    name,
    secret,
    owner: read.string(`${path}.owner`, name),
    models: read.stringList(`${path}.models`),
    limits: limits(read, `${path}.limits`),
    metadata,
  };
  const budget = read.node(`${path}.budget`) === undefined ? undefined : budgetOf(read, `${path}.budget`, `${shown}.budget`);
  if (budget) key.budget = budget;
  if (expiresAt !== undefined && !Number.isNaN(expiresAt)) key.expiresAt = expiresAt;
  return key;
}

function limits(read: ConfigReader, path: string): ApiKeyLimits {
  const result: ApiKeyLimits = {};
  for (const [field, name] of [
    ['requestsPerMinute', 'requests_per_minute'],
    ['tokensPerMinute', 'tokens_per_minute'],
  ] as const) {
    if (read.node(`${path}.${name}`) !== undefined) result[field] = read.number(`${path}.${name}`, 0, { min: 1, integer: true });
  }
  return result;
}

function budgetOf(read: ConfigReader, path: string, shown = path): ApiKeyBudget {
  // a budget without an amount would be $0: every request refused
  if (read.node(`${path}.usd`) === undefined) read.problem(`${shown}.usd`, 'is required (USD per period)');
  return {
    usd: read.number(`${path}.usd`, 0, { min: 0 }),
    period: read.oneOf(`${path}.period`, ['day', 'month', 'total'] as const, 'month'),
    mode: read.oneOf(`${path}.mode`, ['hard', 'soft'] as const, 'hard'),
  };
}
