import { GatewayConfig } from './gateway-config';

// `key` alone is a declared API key's secret (auth.api_keys.keys[].key)
const SECRET_KEYS = /(api_?key|apikey|admin_?keys|secret|password|passwd|token|credential|private_?key|authorization|^key$)/i;
/** key=value secrets inside DSNs and URL query strings (`password=…`, `?key=…`, `sig=…`). */
const SECRET_PARAMS = /([?&;\s]|^)(password|passwd|pwd|pass|api[_-]?key|key|token|access[_-]?token|secret|client[_-]?secret|sig|signature)=([^&;\s]*)/gi;
export const MASK = '********';

/**
 * A copy of the config, or of its YAML-shaped `settings`, safe for logs and the admin API: secrets masked, DSN and
 * URL passwords hidden.
 */
export function redactConfig(config: GatewayConfig | GatewayConfig['settings']): Record<string, unknown> {
  return redactValue(config, '') as Record<string, unknown>;
}

function redactValue(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((entry) => redactValue(entry, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([childKey, child]) => [childKey, redactValue(child, childKey)]));
  }
  if (typeof value !== 'string' || value === '') return value;
  // credentials_file is a path; its contents are never read here.
  if (SECRET_KEYS.test(key) && !/file$/i.test(key)) return MASK;
  return redactText(value);
}

/** Masks every password-like part of a free-form string: URL/DSN user-info passwords and secret parameters. */
export function redactText(text: string): string {
  return redactUrlPassword(text).replace(SECRET_PARAMS, (_whole, lead: string, name: string) => `${lead}${name}=${MASK}`);
}

/**
 * "postgres://user:pw@host/db" → "postgres://user:********@host/db", "redis://:pw@host" → "redis://:********@host",
 * and Go's MySQL form "user:pw@tcp(host)/db". Passwords may themselves contain '@' (the Go driver splits at the
 * last one), so the user-info runs to the last '@' before the host: masking too much is fine, too little is not.
 */
export function redactUrlPassword(text: string): string {
  const url = /^([a-z][a-z0-9+.-]*:\/\/)([^:/?#@\s]*):(.*)@([^@/?#\s]*)(?=[/?#]|$)/i;
  if (url.test(text)) return text.replace(url, (_whole, scheme: string, user: string, _password: string, host: string) => `${scheme}${user}:${MASK}@${host}`);
  const goDsn = /^([^:/@\s]*):(.*)@((?:tcp6?|udp|unix)?\(|\/)/i;
  return text.replace(goDsn, (_whole, user: string, _password: string, rest: string) => `${user}:${MASK}@${rest}`);
}
