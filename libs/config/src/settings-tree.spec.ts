import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildConfig } from './build-config';
import { formatDuration } from './parse-values';
import { MASK, redactConfig } from './redact-config';
import { settingsTree } from './settings-tree';

describe('settingsTree', () => {
  it('nests dotted paths under their keys, and the children of a list path as its entries', () => {
    const settings = new Map<string, unknown>([
      ['server.address', ':8080'],
      ['models.0.name', 'a'],
      ['models.1.name', 'b'],
      ['models.1.fallbacks', ['a']],
      ['providers.0.type', 'openai'],
    ]);
    assert.deepEqual(settingsTree(settings, new Set(['models'])), {
      server: { address: ':8080' },
      models: [{ name: 'a' }, { name: 'b', fallbacks: ['a'] }],
      // a provider named "0" is a mapping key, not a list index
      providers: { 0: { type: 'openai' } },
    });
  });
});

describe('formatDuration', () => {
  it('writes milliseconds as parseDuration reads them', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(250), '250ms');
    assert.equal(formatDuration(30_000), '30s');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(24 * 3_600_000), '24h');
  });
});

describe('config settings (the YAML view)', () => {
  const config = buildConfig(
    {
      server: { address: '127.0.0.1:9000', shutdown_timeout: '45s' },
      providers: { openai: { type: 'openai', api_key: 'sk-SECRET-settings', endpoint: 'https://u:pw-SECRET@proxy.example/v1' } },
      models: [{ name: 'fast', provider: 'openai', provider_model_id: 'gpt-4o-mini', pricing: { input: 0.15, output: 0.6 } }],
      conversations: { store: 'sql', driver: 'postgres', dsn: 'postgres://gw:pg-SECRET@db:5432/gw' },
      auth: {
        api_keys: {
          enabled: true,
          admin_keys: ['admin-SECRET-0123456789'],
          keys: [{ name: 'ci', key: 'lm-SECRET-declared-0123456789abcdefghij' }],
        },
      },
    },
    'test',
  );

  it('holds every setting under the YAML key names, given values as written and defaults filled in', () => {
    const settings = config.settings as Record<string, any>;
    assert.equal(settings.server.address, '127.0.0.1:9000');
    assert.equal(settings.server.shutdown_timeout, '45s');
    assert.equal(settings.server.max_request_body_size, 10 * 1024 * 1024, 'a default');
    assert.equal(settings.server.websocket.ping_interval, '30s', 'a default duration, written as YAML would');
    assert.equal(settings.providers.openai.request_timeout, '2m');
    assert.equal(settings.providers.openai.circuit_breaker.failure_ratio, 0.5);
    assert.equal(settings.models[0].provider_model_id, 'gpt-4o-mini');
    assert.deepEqual(settings.models[0].pricing, { input: 0.15, output: 0.6 });
    assert.equal(settings.rate_limit.enabled, false);
    assert.equal(settings.auth.api_keys.rotation_grace, '24h');
    assert.equal(settings.auth.api_keys.keys[0].name, 'ci');
    assert.ok(!('apiKey' in settings.providers.openai), 'no typed (camelCase) names');
    assert.ok(Object.isFrozen(settings.server), 'frozen with the rest of the config');
  });

  it('masks every secret through redactConfig, declared API keys included', () => {
    const redacted = redactConfig(config.settings) as Record<string, any>;
    const text = JSON.stringify(redacted);
    assert.ok(!text.includes('SECRET'), text);
    assert.equal(redacted.providers.openai.api_key, MASK);
    assert.equal(redacted.providers.openai.endpoint, `https://u:${MASK}@proxy.example/v1`);
    assert.equal(redacted.conversations.dsn, `postgres://gw:${MASK}@db:5432/gw`);
    assert.deepEqual(redacted.auth.api_keys.admin_keys, [MASK]);
    assert.equal(redacted.auth.api_keys.keys[0].key, MASK);
    assert.equal(redacted.auth.api_keys.keys[0].name, 'ci');
  });
});
