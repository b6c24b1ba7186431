/** How a logged request ended: answered, refused or failed (status ≥ 400), failed after its 200, or left by its client. */
export type UsageOutcome = 'ok' | 'error' | 'stream_failed' | 'client_closed';

/** One request to a model's front door, as the usage log keeps it. Token counts by kind are the vendors', summed over attempts. */
export interface UsageRecord {
  /** epoch ms when the request ended */
  at: number;
  requestId: string;
  /** the API key that authenticated it; null for an OIDC token or while auth is off */
  keyId: string | null;
  keyName: string | null;
  /** the principal's subject ("anonymous" while auth is off) */
  owner: string;
  /** the client-facing model name (the fallback's, when one served); null when the body named none */
  model: string | null;
  /** the configured provider that served it (the last attempt's); null when none was called */
  provider: string | null;
  /** method and route template: "POST /v1/chat/completions", "WS /v1/responses" */
  route: string;
  status: number;
  outcome: UsageOutcome;
  stream: boolean;
  /** all input tokens: cached and cache-write tokens are part of them */
  inputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  /** all output tokens: reasoning tokens are part of them */
  outputTokens: number;
  reasoningTokens: number;
  /** null: unknown (pricing off, no price, no usage) */
  costUsd: number | null;
  latencyMs: number;
  /** streams: from arrival to the first output; null otherwise or when nothing was output */
  ttftMs: number | null;
  /** answered from the response cache; null while no cache says */
  cacheHit: boolean | null;
  /** the request's input text, truncated; only with usage_log.include_prompts */
  prompt: string | null;
}

/** The dimensions a day's roll-up is kept by; '' stands for absent (no key, no model, no provider). */
export interface UsageGroupKey {
  keyId: string;
  keyName: string;
  owner: string;
  model: string;
  provider: string;
}

export function groupKeyOf(record: UsageRecord): UsageGroupKey {
  return { keyId: record.keyId ?? '', keyName: record.keyName ?? '', owner: record.owner, model: record.model ?? '', provider: record.provider ?? '' };
}
