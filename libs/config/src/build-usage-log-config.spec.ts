import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig } from './build-config';
import { ConfigValidationError } from './config-error';
import { applyEnvOverrides } from './raw-config-reader';

const KEYS = { auth: { api_keys: { enabled: true } } };

/** the problems a config that must be refused is refused with */
function problems(raw: Record<string, unknown>): string[] {
  let found: string[] = [];
  assert.throws(
    () => buildConfig(raw, 'test'),
    (error) => error instanceof ConfigValidationError && (found = error.problems).length > 0,
  );
  return found;
}

describe('usage_log', () => {
  it('is off by default and on with API keys, with 1 s / 500-record flushes, 7 d raw and 400 d roll-ups, no prompts', () => {
    assert.equal(buildConfig({}, 'defaults').usageLog.enabled, false);
    assert.deepEqual(buildConfig(KEYS, 'test').usageLog, {
      enabled: true,
      flushIntervalMs: 1_000,
      batchSize: 500,
      maxBuffered: 10_000,
      retentionMs: 7 * 86_400_000,
      rollupRetentionMs: 400 * 86_400_000,
      rollupIntervalMs: 3_600_000,
      maxRecentRecords: 10_000,
      includePrompts: false,
      promptMaxChars: 2_000,
    });
  });

  it('reads every key, and can be turned off with keys on or on with OIDC alone', () => {
    const usageLog = buildConfig(
      {
        ...KEYS,
        usage_log: {
          flush_interval: '250ms',
          batch_size: 100,
          max_buffered: 1000,
          retention: '30d',
          rollup_retention: '730d',
          rollup_interval: '10m',
          max_recent_records: 500,
          include_prompts: true,
          prompt_max_chars: 300,
        },
      },
      'test',
    ).usageLog;
    assert.deepEqual(usageLog, {
      enabled: true,
      flushIntervalMs: 250,
      batchSize: 100,
      maxBuffered: 1000,
      retentionMs: 30 * 86_400_000,
      rollupRetentionMs: 730 * 86_400_000,
      rollupIntervalMs: 600_000,
      maxRecentRecords: 500,
      includePrompts: true,
      promptMaxChars: 300,
    });
    assert.equal(buildConfig({ ...KEYS, usage_log: { enabled: false } }, 'test').usageLog.enabled, false);
    const oidc = { enabled: true, issuer: 'https://issuer.example', audience: 'latticelm' };
    assert.equal(buildConfig({ auth: oidc, usage_log: { enabled: true } }, 'test').usageLog.enabled, true);
  });

  it('refuses to be on without keys or OIDC, since its admin API is never open', () => {
    assert.deepEqual(problems({ usage_log: { enabled: true } }), [
      'usage_log.enabled: needs auth.api_keys.enabled or auth.enabled: the usage API (/admin/api/usage) is never open',
    ]);
  });

  it('names every bad value, and unknown keys with the key meant', () => {
    const found = problems({
      ...KEYS,
      usage_log: { batch_size: 5000, max_buffered: 0, retention: '10m', rollup_retention: 'soon', rollup_interval: '5ms', flush_interval: '1ms', prompt_max_chars: 0, include_prompt: true },
    });
    assert.deepEqual(found.sort(), [
      'usage_log.batch_size: must be at most 1000, got 5000',
      'usage_log.flush_interval: must be at least 10ms',
      'usage_log.include_prompt: unknown key "include_prompt"; did you mean "include_prompts"?',
      'usage_log.max_buffered: must be at least 1, got 0',
      'usage_log.prompt_max_chars: must be at least 1, got 0',
      'usage_log.retention: must be at least 1h',
      'usage_log.rollup_interval: must be at least 1s',
      'usage_log.rollup_retention: must be a duration such as "30s", "1h" or "250ms", got "soon"',
    ]);
    assert.deepEqual(problems({ ...KEYS, usage_log: { retention: '30d', rollup_retention: '7d' } }), ['usage_log.rollup_retention: must be at least usage_log.retention']);
    assert.deepEqual(problems({ ...KEYS, usage_log: { batch_size: 200, max_buffered: 100 } }), ['usage_log.max_buffered: must be at least usage_log.batch_size']);
  });

  it('takes LATTICELM_USAGE_LOG__… overrides like every section', () => {
    const raw = applyEnvOverrides(KEYS, { LATTICELM_USAGE_LOG__INCLUDE_PROMPTS: 'true', LATTICELM_USAGE_LOG__RETENTION: '2d' });
    const { usageLog } = buildConfig(raw, 'test');
    assert.equal(usageLog.includePrompts, true);
    assert.equal(usageLog.retentionMs, 2 * 86_400_000);
  });
});
