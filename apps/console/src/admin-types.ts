/** The admin API's answers as the console reads them (issue 12's contract); every field the console may lack is optional. */

export type UsageGroup = 'key' | 'owner' | 'model' | 'provider' | 'day' | 'hour';

export interface UsageRow {
  key_id?: string | null;
  key_name?: string | null;
  owner?: string | null;
  model?: string | null;
  provider?: string | null;
  day?: string;
  hour?: string;
  requests: number;
  errors: number;
  input_tokens: number;
  cached_tokens: number;
  cache_write_tokens?: number;
  output_tokens: number;
  reasoning_tokens: number;
  cost_usd: number | null;
  latency_ms_p50?: number | null;
  latency_ms_p95?: number | null;
  ttft_ms_p50?: number | null;
  ttft_ms_p95?: number | null;
}

export interface UsageAnswer {
  object: 'list';
  group_by: UsageGroup;
  from?: string | number;
  to?: string | number;
  data: UsageRow[];
}

export interface RequestRecord {
  time: string | number;
  request_id: string;
  key_id?: string | null;
  key_name?: string | null;
  owner?: string | null;
  model?: string | null;
  provider?: string | null;
  route?: string | null;
  input_tokens?: number | null;
  cached_tokens?: number | null;
  cache_write_tokens?: number | null;
  output_tokens?: number | null;
  reasoning_tokens?: number | null;
  cost_usd?: number | null;
  latency_ms?: number | null;
  ttft_ms?: number | null;
  /** the HTTP status */
  status?: number | string | null;
  /** ok, error, stream_failed (after a 200), client_closed */
  outcome?: string | null;
  stream?: boolean | null;
  cache_hit?: boolean | null;
}

export interface KeyBudget {
  usd: number;
  period: 'day' | 'month' | 'total';
  mode?: 'hard' | 'soft';
}

export interface ApiKeyView {
  id: string;
  object: 'api_key';
  name: string;
  owner: string;
  key_hint: string;
  status: 'active' | 'expired' | 'revoked';
  source: 'api' | 'config';
  models: string[];
  limits: { requests_per_minute: number | null; tokens_per_minute: number | null };
  budget: KeyBudget | null;
  expires_at: number | null;
  metadata: Record<string, string>;
  created_at: number;
  created_by: string;
  rotated_at: number | null;
  previous_key_expires_at: number | null;
  revoked_at: number | null;
  /** GET /admin/api/keys/{id} */
  spend_usd?: number | null;
  spend?: { day_usd?: number; month_usd?: number; total_usd?: number } | null;
  budget_remaining_usd?: number | null;
  budget_period_end?: number | null;
  /** only in the answers to create and rotate */
  key?: string;
}

export interface ProviderView {
  name: string;
  type: string;
  endpoint: string | null;
  status: 'available' | 'unavailable';
  circuit: string | null;
  models: { name: string; provider_model_id: string; fallbacks: string[]; circuit?: string; cooling_down_s?: number }[];
}

export interface HealthCheck {
  status: 'healthy' | 'degraded' | 'unhealthy';
  message: string;
  [detail: string]: unknown;
}

export interface HealthReport {
  status: 'healthy' | 'degraded' | 'unhealthy';
  timestamp: string;
  checks: Record<string, HealthCheck>;
}

export interface SystemInfo {
  name: string;
  version: string;
  started_at: string;
  uptime: string;
  uptime_seconds: number;
  platform: string;
  arch: string;
  node_version: string;
  pid: number;
  config_source: string;
}

/** GET /admin/api/owners: everyone who owns a key or has a budget. */
export interface OwnerView {
  owner: string;
  keys?: number;
  budget: KeyBudget | null;
  spend_usd?: number | null;
  budget_remaining_usd?: number | null;
}
