import { GatewayConfig } from './gateway-config';

const SECRET_KEYS = /(api_?key|apikey|secret|password|token|credential|private_?key)/i;
export const MASK = '********';

/** A copy of the config safe for logs and the admin API: secrets masked, DSN and URL passwords hidden. */
export function redactConfig(config: GatewayConfig): Record<string, unknown> {
  return redactValue(config, '') as Record<string, unknown>;
}

function redactValue(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((entry) => redactValue(entry, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([childKey, child]) => [childKey, redactValue(child, childKey)]));
  }
  if (typeof value !== 'string' || value === '') return value;
  if (SECRET_KEYS.test(key) && !/file$/i.test(key)) return MASK;
  return redactUrlPassword(value);
}

/** "postgres://user:pw@host/db" → "postgres://user:********@host/db"; also "user:pw@tcp(host)/db". */
export function redactUrlPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?([^:/@\s]*):([^@\s]+)@/i, (_whole, scheme = '', user: string) => `${scheme}${user}:${MASK}@`);
}
