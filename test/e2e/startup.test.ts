import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { freePort, repoRoot, runGatewayToExit, spawnGateway } from '../support/gateway-process';

describe('gateway process start-up', () => {
  const fake = new FakeOpenAI('openai', 'sk-proc');
  const dir = mkdtempSync(join(tmpdir(), 'latticelm-startup-'));
  before(() => fake.start());
  after(() => fake.stop());

  it('starts from --config with ${VAR} expansion and serves a request', async () => {
    const file = join(dir, 'good.yaml');
    writeFileSync(
      file,
      [
        'server:',
        '  address: ":1"',
        'conversations:',
        '  store: memory',
        'providers:',
        '  openai:',
        '    type: openai',
        '    api_key: "${FAKE_KEY}"',
        `    endpoint: "\${FAKE_URL:-http://nowhere}/v1"`,
        'models:',
        '  - name: gpt-4o-mini',
        '    provider: openai',
      ].join('\n'),
    );
    const port = await freePort();
    const gateway = await spawnGateway(['--config', file], { FAKE_KEY: 'sk-proc', FAKE_URL: fake.url }, port);
    try {
      const res = await fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', input: 'hi' }),
      });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).status, 'completed');
      assert.equal(fake.requests.at(-1)?.headers.authorization, 'Bearer sk-proc');
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exit;
    }
  });

  it('starts with no config and no keys, says what to set, and answers a clear error', async () => {
    const port = await freePort();
    const empty = mkdtempSync(join(tmpdir(), 'latticelm-empty-'));
    const env = { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GOOGLE_API_KEY: '', LATTICELM_CONFIG: '', LATTICELM_CONVERSATIONS__STORE: 'memory' };
    const gateway = await spawnGateway(['--config', join(empty, 'missing.yaml')].slice(2), env, port);
    try {
      const res = await fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', input: 'hi' }),
      });
      assert.equal(res.status, 404);
      assert.match((await res.json()).error.message, /OPENAI_API_KEY/);
      assert.match(gateway.output(), /no providers configured.*OPENAI_API_KEY/);
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exit;
    }
  });

  it('warns at start-up about a provider without an api_key', async () => {
    const file = join(dir, 'nokey.yaml');
    writeFileSync(file, ['conversations:', '  store: memory', 'providers:', '  anthropic:', '    type: anthropic', '    api_key: "${UNSET_ANTHROPIC_KEY}"'].join('\n'));
    const gateway = await spawnGateway(['--config', file], {}, await freePort());
    try {
      assert.match(gateway.output(), /provider \\?"anthropic\\?" \(anthropic\) has no api_key.*ANTHROPIC_API_KEY/);
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.exit;
    }
  });

  it('refuses an invalid config with a non-zero exit, listing every error with its key', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      ['server:', '  address: ":http"', '  max_request_body_size: lots', 'providers:', '  x:', '    type: bedrock', 'models:', '  - name: m', '    provider: nope', 'conversations:', '  ttl: forever'].join('\n'),
    );
    const { code, output } = await runGatewayToExit(['--config', file], { PORT: 'abc' });
    assert.notEqual(code, 0);
    for (const key of ['server.address', 'server.max_request_body_size', 'providers.x.type', 'models[0].provider', 'conversations.ttl', 'PORT']) {
      assert.ok(output.includes(key), `mentions ${key}: ${output}`);
    }
  });

  it('accepts config.example.yaml as documented', async () => {
    const { buildConfig, readConfigFile } = await import('@latticelm/config');
    const config = buildConfig(readConfigFile(join(repoRoot(), 'config.example.yaml'), { OPENAI_API_KEY: 'x' }), 'example');
    assert.ok(config.providers.openai);
    assert.equal(config.models.length, 3);
  });
});
