import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { toYaml } from './yaml';

describe('toYaml', () => {
  const settings = {
    server: { address: ':8080', max_request_body_size: 10485760, cors_origins: [], websocket: { enabled: true, ping_interval: '30s' } },
    providers: { openai: { type: 'openai', api_key: '********', endpoint: 'https://u:********@proxy.example/v1?x=1' } },
    models: [
      { name: 'gpt-4o-mini', provider: 'openai', fallbacks: ['claude-sonnet-4-6'], pricing: { input: 0.15, output: 0.6 } },
      { name: 'yes', provider: 'true' },
    ],
    conversations: { dsn: 'postgres://gw:********@db:5432/gw', key_prefix: 'latticelm:' },
    auth: { admin_claim: 'realm_access.roles', issuer: '', api_keys: { admin_keys: ['********'], keys: [] } },
    tricky: { hash: 'a #b', colon: 'a: b', number: '42', dash: '- x', empty: {}, nested: [[1, 2], []], nothing: null, quote: '"q"' },
  };

  it('writes YAML that reads back as the same values', () => {
    assert.deepEqual(parse(toYaml(settings)), settings);
  });

  it('keeps plain strings plain and quotes the ones YAML would misread', () => {
    const text = toYaml(settings);
    assert.match(text, /^server:\n {2}address: ":8080"\n/);
    assert.match(text, /\n {4}type: openai\n/);
    assert.match(text, /\n {4}api_key: "\*{8}"\n/);
    assert.match(text, /\n {2}- name: gpt-4o-mini\n {4}provider: openai\n {4}fallbacks:\n {6}- claude-sonnet-4-6\n/);
    assert.match(text, /\n {2}- name: "yes"\n {4}provider: "true"\n/);
    assert.match(text, /\n {2}cors_origins: \[\]\n/);
  });
});
