import type { ConfigReader } from './config-reader';
import type { AuthConfig, UsageLogConfig } from './gateway-config';

const BASE = 'usage_log';
const DAY_MS = 86_400_000;
/** keeps one flush's statement under every database's parameter limit (25 columns a record) */
export const MAX_USAGE_BATCH = 1000;

/**
 * `usage_log`: on by default exactly when API keys are (who used what is the question keys raise); its admin API
 * is behind the admin guard, so it needs keys or OIDC to exist at all.
 */
export function buildUsageLogConfig(read: ConfigReader, auth: AuthConfig): UsageLogConfig {
  const config: UsageLogConfig = {
    enabled: read.boolean(`${BASE}.enabled`, auth.apiKeys.enabled),
    flushIntervalMs: read.duration(`${BASE}.flush_interval`, 1_000),
    batchSize: read.number(`${BASE}.batch_size`, 500, { min: 1, max: MAX_USAGE_BATCH, integer: true }),
    maxBuffered: read.number(`${BASE}.max_buffered`, 10_000, { min: 1, integer: true }),
    retentionMs: read.duration(`${BASE}.retention`, 7 * DAY_MS),
    rollupRetentionMs: read.duration(`${BASE}.rollup_retention`, 400 * DAY_MS),
    rollupIntervalMs: read.duration(`${BASE}.rollup_interval`, 3_600_000),
    maxRecentRecords: read.number(`${BASE}.max_recent_records`, 10_000, { min: 1, integer: true }),
    includePrompts: read.boolean(`${BASE}.include_prompts`, false),
    promptMaxChars: read.number(`${BASE}.prompt_max_chars`, 2_000, { min: 1, max: 100_000, integer: true }),
  };
  if (config.enabled && !auth.enabled && !auth.apiKeys.enabled) {
    read.problem(`${BASE}.enabled`, 'needs auth.api_keys.enabled or auth.enabled: the usage API (/admin/api/usage) is never open');
  }
  if (config.flushIntervalMs < 10) read.problem(`${BASE}.flush_interval`, 'must be at least 10ms');
  if (config.rollupIntervalMs < 1_000) read.problem(`${BASE}.rollup_interval`, 'must be at least 1s');
  if (config.retentionMs < 3_600_000) read.problem(`${BASE}.retention`, 'must be at least 1h');
  if (config.rollupRetentionMs < config.retentionMs) read.problem(`${BASE}.rollup_retention`, 'must be at least usage_log.retention');
  if (config.maxBuffered < config.batchSize) read.problem(`${BASE}.max_buffered`, 'must be at least usage_log.batch_size');
  return config;
}
