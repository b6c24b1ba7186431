import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig } from './build-config';
import { ConfigValidationError } from './config-error';
import { MASK, redactConfig } from './redact-config';

const SECRET = `lm-${'a'.repeat(40)}`;

function problems(raw: Record<string, unknown>): string[] {
  try {
    buildConfig(raw, 'test');
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe('auth.api_keys', () => {
  it('is off by default, with a 30 s cache, a 24 h rotation grace and 1024 reserved output tokens', () => {
    const { apiKeys } = buildConfig({}, 'defaults').auth;
    assert.deepEqual(apiKeys, { enabled: false, adminKeys: [], cacheTtlMs: 30_000, rotationGraceMs: 86_400_000, defaultReservedOutputTokens: 1024, keys: [], ownerBudgets: [] });
  });

  it('reads declared keys with their limits, budget, expiry and metadata', () => {
    const { apiKeys } = buildConfig(
      {
        auth: {
          api_keys: {
            enabled: true,
            admin_keys: ['admin-secret-0123456789'],
            keys: [
              {
                name: 'team a',
                key: SECRET,
                owner: 'team-a',
                models: ['gpt-4o-mini', 'claude-*'],
                limits: { requests_per_minute: 60, tokens_per_minute: 100000 },
                budget: { usd: 50, period: 'month' },
                expires_at: '2030-01-01T00:00:00Z',
                metadata: { cost_center: '42' },
              },
            ],
          },
        },
      },
      'test',
    ).auth;
    assert.deepEqual(apiKeys.keys[0], {
      id: 'cfg_team_a',
      name: 'team a',
      secret: SECRET,
      owner: 'team-a',
      models: ['gpt-4o-mini', 'claude-*'],
      limits: { requestsPerMinute: 60, tokensPerMinute: 100000 },
      budget: { usd: 50, period: 'month', mode: 'hard' },
      expiresAt: Date.parse('2030-01-01T00:00:00Z'),
      metadata: { cost_center: '42' },
    });
  });

  it('refuses a missing, short or unprefixed secret without repeating it, unknown keys, and duplicates', () => {
    const found = problems({
      auth: {
        api_keys: {
          admin_keys: ['short'],
          keys: [{ name: 'a', key: '' }, { name: 'b', key: 'sk-not-ours-0123456789012345678901234' }, { name: 'c', key: SECRET, limit: {} }, { name: 'c', key: SECRET }],
        },
      },
    });
    assert.ok(found.some((p) => p.startsWith('auth.api_keys.admin_keys[0]: must be at least 16')));
    assert.ok(found.some((p) => p.startsWith('auth.api_keys.keys[0].key: is required')));
    assert.ok(found.some((p) => p === 'auth.api_keys.keys[1].key: must start with "lm-" and be at least 32 characters'));
    assert.ok(found.some((p) => p.includes('unknown key "limit"; did you mean "limits"?')), found.join('\n'));
    assert.ok(found.some((p) => p === 'auth.api_keys.keys[3].id: duplicate key id "cfg_c"'));
    assert.ok(found.some((p) => p === 'auth.api_keys.keys[3].key: the same secret is declared twice'));
    assert.ok(!found.some((p) => p.includes('sk-not-ours')), 'a secret is never echoed');
  });

  it('reads owner budgets as a list, so an owner may hold dots (an e-mail address)', () => {
    const { apiKeys } = buildConfig(
      { auth: { api_keys: { owner_budgets: [{ owner: 'team-a', usd: 100, period: 'day' }, { owner: 'ada@example.com', usd: 2.5, period: 'total', mode: 'soft' }] } } },
      'test',
    ).auth;
    assert.deepEqual(apiKeys.ownerBudgets, [
      { owner: 'team-a', budget: { usd: 100, period: 'day', mode: 'hard' } },
      { owner: 'ada@example.com', budget: { usd: 2.5, period: 'total', mode: 'soft' } },
    ]);
  });

  it('refuses an owner budget without an owner or an amount, a bad period, duplicates and unknown keys', () => {
    const found = problems({
      auth: {
        api_keys: {
          owner_budgets: [{ usd: 1, period: 'month' }, { owner: 'a', period: 'month' }, { owner: 'b', usd: 1, period: 'week' }, { owner: 'b', usd: 1, perod: 'day' }],
          keys: [{ name: 'k', key: SECRET, budget: { period: 'day' } }],
        },
      },
    });
    assert.ok(found.includes('auth.api_keys.owner_budgets[0].owner: is required'), found.join('\n'));
    assert.ok(found.includes('auth.api_keys.owner_budgets[1].usd: is required (USD per period)'), found.join('\n'));
    assert.ok(found.some((p) => p.startsWith('auth.api_keys.owner_budgets.2.period: must be one of day, month, total')), found.join('\n'));
    assert.ok(found.includes('auth.api_keys.owner_budgets[3].owner: duplicate owner "b"'), found.join('\n'));
    assert.ok(found.some((p) => p.includes('unknown key "perod"; did you mean "period"?')), found.join('\n'));
    assert.ok(found.includes('auth.api_keys.keys[0].budget.usd: is required (USD per period)'), found.join('\n'));
  });

  it('masks admin keys and declared secrets in the redacted view', () => {
    const config = buildConfig({ auth: { api_keys: { enabled: true, admin_keys: ['admin-secret-0123456789'], keys: [{ name: 'a', key: SECRET }] } } }, 'test');
    const text = JSON.stringify(redactConfig(config));
    assert.ok(!text.includes('admin-secret') && !text.includes(SECRET));
    assert.ok(text.includes(MASK));
  });
});
