import type { ApiKeyBudget, ApiKeyLimits } from '@latticelm/config';

/** One key as the stores keep it. Times are epoch milliseconds; the secret itself is never kept, only its hash. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  owner: string;
  /** SHA-256 (hex) of the current secret */
  secretHash: string;
  /** the secret's last 4 characters, so operators can tell keys apart in masked views */
  secretHint: string;
  /** the secret before the last rotation, accepted until `previousExpiresAt` */
  previousSecretHash: string | null;
  previousExpiresAt: number | null;
  /** model names or glob patterns (`*`, `?`); empty: every model */
  models: string[];
  limits: ApiKeyLimits;
  budget: ApiKeyBudget | null;
  expiresAt: number | null;
  metadata: Record<string, string>;
  createdAt: number;
  /** the subject that created it (an admin's OIDC subject, "admin-key", or "config") */
  createdBy: string;
  rotatedAt: number | null;
  revokedAt: number | null;
  source: 'api' | 'config';
}

export type ApiKeyStatus = 'active' | 'expired' | 'revoked';

export function statusOf(record: ApiKeyRecord, now: number): ApiKeyStatus {
  if (record.revokedAt !== null) return 'revoked';
  if (record.expiresAt !== null && now >= record.expiresAt) return 'expired';
  return 'active';
}

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

/** The admin API's view of a key: never the secret nor its hash, only its prefix and last four characters. */
export function apiKeyView(record: ApiKeyRecord, now: number): Record<string, unknown> {
  return {
    id: record.id,
    object: 'api_key',
    name: record.name,
    owner: record.owner,
    key_hint: `lm-…${record.secretHint}`,
    status: statusOf(record, now),
    source: record.source,
    models: record.models,
    limits: {
      requests_per_minute: record.limits.requestsPerMinute ?? null,
      tokens_per_minute: record.limits.tokensPerMinute ?? null,
    },
    budget: record.budget,
    expires_at: seconds(record.expiresAt),
    metadata: record.metadata,
    created_at: seconds(record.createdAt),
    created_by: record.createdBy,
    rotated_at: seconds(record.rotatedAt),
    previous_key_expires_at: record.previousExpiresAt !== null && record.previousExpiresAt > now ? seconds(record.previousExpiresAt) : null,
    revoked_at: seconds(record.revokedAt),
  };
}
