/** The create-key form's fields → the body of POST /admin/api/keys. Pure: unit-tested in key-form.spec.ts. */

export interface KeyFormFields {
  name: string;
  owner: string;
  /** names or patterns, separated by commas, spaces or new lines */
  models: string;
  requestsPerMinute: string;
  tokensPerMinute: string;
  budgetUsd: string;
  budgetPeriod: 'day' | 'month' | 'total';
  budgetMode: 'hard' | 'soft';
  /** "YYYY-MM-DD" (midnight UTC) or a datetime-local value, read as UTC */
  expiresAt: string;
  /** one `key=value` a line */
  metadata: string;
}

export const EMPTY_KEY_FORM: KeyFormFields = {
  name: '',
  owner: '',
  models: '',
  requestsPerMinute: '',
  tokensPerMinute: '',
  budgetUsd: '',
  budgetPeriod: 'month',
  budgetMode: 'hard',
  expiresAt: '',
  metadata: '',
};

export type KeyFormResult = { ok: true; body: Record<string, unknown> } | { ok: false; field: keyof KeyFormFields; message: string };

export function createKeyBody(fields: KeyFormFields): KeyFormResult {
  const name = fields.name.trim();
  if (!name) return { ok: false, field: 'name', message: 'A name is required.' };
  const body: Record<string, unknown> = { name };
  if (fields.owner.trim()) body.owner = fields.owner.trim();
  const models = fields.models.split(/[\s,]+/).filter(Boolean);
  if (models.length) body.models = models;

  const limits: Record<string, number> = {};
  for (const [field, apiName] of [
    ['requestsPerMinute', 'requests_per_minute'],
    ['tokensPerMinute', 'tokens_per_minute'],
  ] as const) {
    const text = fields[field].trim();
    if (!text) continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) return { ok: false, field, message: `${apiName.replace(/_/g, ' ')} must be a whole number of at least 1.` };
    limits[apiName] = value;
  }
  if (Object.keys(limits).length) body.limits = limits;

  if (fields.budgetUsd.trim()) {
    const usd = Number(fields.budgetUsd.trim());
    if (!Number.isFinite(usd) || usd < 0) return { ok: false, field: 'budgetUsd', message: 'The budget must be an amount of USD, 0 or more.' };
    body.budget = { usd, period: fields.budgetPeriod, mode: fields.budgetMode };
  }

  if (fields.expiresAt.trim()) {
    const text = fields.expiresAt.trim();
    const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /Z|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
    if (!Number.isFinite(at)) return { ok: false, field: 'expiresAt', message: 'The expiry must be a date.' };
    body.expires_at = new Date(at).toISOString();
  }

  const metadata: Record<string, string> = {};
  for (const line of fields.metadata.split('\n').map((entry) => entry.trim()).filter(Boolean)) {
    const equals = line.indexOf('=');
    if (equals < 1) return { ok: false, field: 'metadata', message: `Metadata lines are key=value; "${line}" is not.` };
    metadata[line.slice(0, equals).trim()] = line.slice(equals + 1).trim();
  }
  if (Object.keys(metadata).length) body.metadata = metadata;
  return { ok: true, body };
}
