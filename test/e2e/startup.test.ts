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

  it('refuses misspelled keys in the file and in LATTICELM_ overrides, each with the key meant, exit 2', async () => {
    const file = join(dir, 'typos.yaml');
    writeFileSync(
      file,
      [
        'server:',
        '  adress: ":8090"',
        'providers:',
        '  openai:',
        '    type: openai',
        '    api_key: k',
        '    endpont: http://localhost:1/v1',
        'models:',
        '  - name: a',
        '    provider: openai',
        '    fallbakcs: [a]',
      ].join('\n'),
    );
    const { code, output } = await runGatewayToExit(['--config', file], { LATTICELM_RATELIMIT__ENABLED: 'true' });
    assert.equal(code, 2, output);
    assert.match(output, new RegExp(`invalid configuration \\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
    assert.match(output, /server\.adress: unknown key "adress"; did you mean "address"\?/);
    assert.match(output, /providers\.openai\.endpont: unknown key "endpont"; did you mean "endpoint"\?/);
    assert.match(output, /models\[0\]\.fallbakcs: unknown key "fallbakcs"; did you mean "fallbacks"\?/);
    assert.match(output, /LATTICELM_RATELIMIT__ENABLED: unknown key "ratelimit"; did you mean LATTICELM_RATE_LIMIT__ENABLED\?/);
    assert.doesNotMatch(output, /successfully started|listening on/);
  });

  it('refuses server.address without a port before listening', async () => {
    const file = join(dir, 'noport.yaml');
    writeFileSync(file, ['server:', '  address: "8090"', 'conversations:', '  store: memory'].join('\n'));
    const { code, output } = await runGatewayToExit(['--config', file], { PORT: '' });
    assert.equal(code, 2, output);
    assert.match(output, /server\.address: must be "host:port" or ":port".*got "8090"/);
    assert.doesNotMatch(output, /EADDRNOTAVAIL|at .*\.js:\d+/);
  });

  it('names the file in a YAML error and says when the --config file is missing', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'server:\n  address: [\n');
    const parsed = await runGatewayToExit(['--config', broken], {});
    assert.equal(parsed.code, 2);
    assert.match(parsed.output, new RegExp(`${broken.replace(/[.]/g, '\\.')}: invalid YAML: .*line \\d+`));
    const missing = join(dir, 'does-not-exist.yaml');
    const absent = await runGatewayToExit(['--config', missing], {});
    assert.equal(absent.code, 2);
    assert.match(absent.output, new RegExp(`cannot read config file ${missing.replace(/[.]/g, '\\.')}: no such file`));
    assert.doesNotMatch(absent.output, /ENOENT/);
  });

  it('reports a provider type typo once and refuses Vertex AI api_key with project, saying the fix', async () => {
    const file = join(dir, 'providers.yaml');
    writeFileSync(
      file,
      [
        'providers:',
        '  g:',
        '    type: gooogle',
        '    api_key: k',
        '  v:',
        '    type: vertexai',
        '    api_key: k',
        '    project: p',
        '    location: us-central1',
        'models:',
        '  - name: gemini-x',
        '    provider: g',
      ].join('\n'),
    );
    const { code, output } = await runGatewayToExit(['--config', file], {});
    assert.equal(code, 2, output);
    assert.match(output, /providers\.g\.type: unknown provider type "gooogle"; did you mean "google"\?/);
    assert.doesNotMatch(output, /models\[0\]/);
    assert.match(output, /providers\.v: api_key \(Vertex AI express mode\) cannot be combined with project: remove api_key/);
  });

  it('--check-config validates without starting: exit 0 for a good file, 2 for a bad one', async () => {
    const good = join(dir, 'check-good.yaml');
    writeFileSync(good, ['server:', '  address: ":1"', 'conversations:', '  store: memory'].join('\n'));
    const ok = await runGatewayToExit(['--config', good, '--check-config'], {});
    assert.equal(ok.code, 0, ok.output);
    assert.match(ok.output, /configuration is valid/);
    assert.doesNotMatch(ok.output, /listening on/);
    const bad = join(dir, 'check-bad.yaml');
    writeFileSync(bad, ['server:', '  adress: ":1"'].join('\n'));
    const refused = await runGatewayToExit(['--check-config', '--config', bad], {});
    assert.equal(refused.code, 2);
    assert.match(refused.output, /did you mean "address"/);
  });

  it('accepts config.example.yaml as documented', async () => {
    const { buildConfig, readConfigFile } = await import('@latticelm/config');
    const config = buildConfig(readConfigFile(join(repoRoot(), 'config.example.yaml'), { OPENAI_API_KEY: 'x' }), 'example');
    assert.ok(config.providers.openai);
    assert.equal(config.models.length, 3);
    const checked = await runGatewayToExit(['--config', join(repoRoot(), 'config.example.yaml'), '--check-config'], {});
    assert.equal(checked.code, 0, checked.output);
  });
});
