import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';

const SECRETS = {
  openaiKey: 'sk-live-SECRET-openai-123',
  azureKey: 'azure-SECRET-key-456',
  endpointPassword: 'proxy-SECRET-pw',
  postgresPassword: 'pg-SECRET-pass',
  redisPassword: 'redis-SECRET-pass',
};
const ADMIN_PATHS = ['/admin/api/info', '/admin/api/health', '/admin/api/config', '/admin/api/providers', '/admin/'];

describe('admin REST API (auth off)', () => {
  const openai = new FakeOpenAI('openai', SECRETS.openaiKey);
  let gateway: RunningGateway;

  before(async () => {
    await openai.start();
    gateway = await startGateway({
      providers: {
        openai: { type: 'openai', api_key: SECRETS.openaiKey, endpoint: `http://gw:${SECRETS.endpointPassword}@127.0.0.1:9/v1` },
        azure: { type: 'azureopenai', api_key: SECRETS.azureKey, endpoint: 'https://example.openai.azure.com', api_version: '2025-04-01-preview' },
      },
      models: [
        { name: 'gpt-4o-mini', provider: 'openai', fallbacks: ['azure-gpt'] },
        { name: 'azure-gpt', provider: 'azure', provider_model_id: 'my-deployment' },
      ],
      conversations: { store: 'memory', driver: 'postgres', dsn: `postgres://gw:${SECRETS.postgresPassword}@db.internal:5432/gw?sslmode=disable` },
      rate_limit: { enabled: false, redis_url: `redis://:${SECRETS.redisPassword}@cache.internal:6379/0` },
      admin: { enabled: true },
    });
  });
  after(async () => {
    await gateway?.close();
    await openai.stop();
  });

  const get = async (path: string) => {
    const res = await fetch(`${gateway.url}${path}`);
    return { res, text: await res.text() };
  };

  it('reports system information', async () => {
    const { res, text } = await get('/admin/api/info');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const info = JSON.parse(text);
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
    assert.equal(info.version, pkg.version);
    assert.equal(info.node_version, process.version);
    assert.equal(info.pid, process.pid);
    assert.equal(info.platform, process.platform);
    assert.equal(info.arch, process.arch);
    assert.equal(info.config_source, 'test');
    assert.equal(typeof info.uptime_seconds, 'number');
    assert.equal(typeof info.uptime, 'string');
  });

  it('reports detailed health: store latency, providers, circuits', async () => {
    const health = JSON.parse((await get('/admin/api/health')).text);
    assert.equal(health.status, 'healthy');
    assert.equal(health.checks.conversation_store.status, 'healthy');
    assert.equal(health.checks.conversation_store.kind, 'memory');
    assert.equal(typeof health.checks.conversation_store.latency_ms, 'number');
    assert.equal(health.checks.providers.configured, 2);
    assert.equal(health.checks.providers.available, 2);
    assert.deepEqual(health.checks.circuits.states, { openai: 'closed', azure: 'closed' });
  });

  it('lists providers with models, provider_model_id, fallbacks and circuit state', async () => {
    const { providers } = JSON.parse((await get('/admin/api/providers')).text);
    const byName = Object.fromEntries(providers.map((provider: any) => [provider.name, provider]));
    assert.equal(byName.openai.type, 'openai');
    assert.equal(byName.openai.status, 'available');
    assert.equal(byName.openai.circuit, 'closed');
    assert.equal(byName.openai.endpoint, 'http://gw:********@127.0.0.1:9/v1');
    assert.deepEqual(byName.openai.models, [{ name: 'gpt-4o-mini', provider_model_id: 'gpt-4o-mini', fallbacks: ['azure-gpt'], circuit: 'closed' }]);
    assert.equal(byName.azure.type, 'azureopenai');
    assert.equal(byName.azure.endpoint, 'https://example.openai.azure.com');
    assert.deepEqual(byName.azure.models, [{ name: 'azure-gpt', provider_model_id: 'my-deployment', fallbacks: [], circuit: 'closed' }]);
  });

  it('shows the effective config under the YAML key names, defaults filled in, secrets masked', async () => {
    const config = JSON.parse((await get('/admin/api/config')).text);
    assert.equal(config.providers.openai.api_key, '********');
    assert.equal(config.providers.azure.api_key, '********');
    assert.equal(config.providers.azure.api_version, '2025-04-01-preview');
    assert.equal(config.conversations.dsn, 'postgres://gw:********@db.internal:5432/gw?sslmode=disable');
    assert.equal(config.rate_limit.redis_url, 'redis://:********@cache.internal:6379/0');
    assert.equal(config.admin.enabled, true);
    assert.equal(config.server.shutdown_timeout, '30s', 'a default, as the YAML would write it');
    assert.deepEqual(config.models[0].fallbacks, ['azure-gpt']);
  });

  it('never reveals a secret in any admin answer', async () => {
    for (const path of ADMIN_PATHS) {
      const { res, text } = await get(path);
      assert.equal(res.status, 200, path);
      for (const [name, secret] of Object.entries(SECRETS)) assert.ok(!text.includes(secret), `${path} leaks ${name}`);
    }
  });

  it('serves the built console: the page revalidated, its hashed assets immutable, gzip when asked, a CSP of self only', async () => {
    const { res, text } = await get('/admin/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    for (const directive of ['script-src', 'style-src', 'connect-src']) assert.match(csp, new RegExp(`${directive} 'self'(;|$)`), directive);
    assert.doesNotMatch(csp, /unsafe|https?:/, 'nothing inline, nothing from elsewhere');
    const script = /<script type="module" src="(assets\/main-[A-Z0-9]+\.js)"/.exec(text)?.[1];
    const style = /<link rel="stylesheet" href="(assets\/main-[A-Z0-9]+\.css)"/.exec(text)?.[1];
    assert.ok(script && style, text);
    assert.doesNotMatch(text, /https?:\/\//, 'no CDN: the console works offline');

    for (const [path, type] of [
      [script, /^text\/javascript/],
      [style, /^text\/css/],
    ] as const) {
      const plain = await fetch(`${gateway.url}/admin/${path}`, { headers: { 'accept-encoding': 'identity' } });
      assert.equal(plain.status, 200, path);
      assert.match(plain.headers.get('content-type') ?? '', type);
      assert.equal(plain.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(plain.headers.get('content-encoding'), null);
      const body = await plain.arrayBuffer();
      const gzipped = await fetch(`${gateway.url}/admin/${path}`, { headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(gzipped.headers.get('content-encoding'), 'gzip');
      assert.deepEqual(new Uint8Array(await gzipped.arrayBuffer()), new Uint8Array(body), 'the same bytes, decompressed');
      const again = await fetch(`${gateway.url}/admin/${path}`, { headers: { 'if-none-match': plain.headers.get('etag') ?? '' } });
      assert.equal(again.status, 304);
    }
    const unknown = await fetch(`${gateway.url}/admin/assets/nope.js`);
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.type, 'not_found');
    const redirect = await fetch(`${gateway.url}/admin`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), 'admin/');
  });
});

describe('admin REST API disabled (the default)', () => {
  let gateway: RunningGateway;
  before(async () => {
    gateway = await startGateway({});
  });
  after(() => gateway?.close());

  it('answers 404 on every admin path', async () => {
    for (const path of [...ADMIN_PATHS, '/admin/assets/main.js']) {
      const res = await fetch(`${gateway.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.equal((await res.json()).error.type, 'not_found');
    }
  });
});
