import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STORE_CHECK_TIMEOUT_MS } from '@latticelm/health';
import { ShutdownState } from '@latticelm/traffic';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { serviceSkipReason } from '../conversations/service-availability';
import { TcpProxy } from './tcp-proxy';

// pg ships no type declarations (and @types/pg is not installed): the three calls used here, typed locally
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as {
  Client: new (options: { connectionString: string }) => { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };
};

const PG = { host: '127.0.0.1', port: 5432, admin: 'postgres://postgres@127.0.0.1:5432/test' };
const REDIS = { host: '127.0.0.1', port: 6379 };

async function get(url: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json(), headers: res.headers };
}

/** Polls /ready until it reports `status` (the store reconnects on its own schedule); fails after `ms`. */
async function readyBecomes(gateway: RunningGateway, status: number, ms = 15_000): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ready = await get(`${gateway.url}/ready`);
    if (ready.status === status) return ready.body;
    if (Date.now() > deadline) assert.fail(`/ready stayed ${ready.status} (wanted ${status}): ${JSON.stringify(ready.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function assertTimestamp(value: unknown): void {
  assert.equal(typeof value, 'number');
  assert.ok(Number.isInteger(value));
  assert.ok(Math.abs((value as number) - Date.now() / 1000) < 60, 'unix seconds, now');
}

describe('health and readiness probes', () => {
  const openai = new FakeOpenAI('openai', 'sk-openai');
  let gateway: RunningGateway;

  before(async () => {
    await openai.start();
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1` } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
    });
  });
  after(async () => {
    await gateway.close();
    await openai.stop();
  });

  it('GET /health answers the seed body, uncached', async () => {
    const health = await get(`${gateway.url}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(Object.keys(health.body).sort(), ['status', 'timestamp']);
    assert.equal(health.body.status, 'healthy');
    assertTimestamp(health.body.timestamp);
    assert.equal(health.headers.get('cache-control'), 'no-store');
  });

  it('GET /ready reports every check and the circuit states', async () => {
    const ready = await get(`${gateway.url}/ready`);
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, 'ready');
    assertTimestamp(ready.body.timestamp);
    assert.deepEqual(ready.body.checks, { conversation_store: 'healthy', providers: 'healthy', circuits: { openai: 'closed' }, upstreams: 'healthy' });
  });

  it('turns 503 while draining, with /health still 200', async () => {
    const shutdown = gateway.app.get(ShutdownState);
    shutdown.beginDraining();
    const ready = await get(`${gateway.url}/ready`);
    assert.equal(ready.status, 503);
    assert.equal(ready.body.status, 'not_ready');
    assert.equal(ready.body.checks.shutdown, 'draining');
    assert.equal(ready.body.checks.conversation_store, 'healthy');
    assert.equal((await get(`${gateway.url}/health`)).status, 200);
  });
});

describe('readiness without providers', () => {
  it('is 503 with the reason', async () => {
    const gateway = await startGateway({ providers: {} });
    try {
      const ready = await get(`${gateway.url}/ready`);
      assert.equal(ready.status, 503);
      assert.equal(ready.body.status, 'not_ready');
      assert.equal(ready.body.checks.providers, 'unhealthy: no providers configured');
      assert.equal(ready.body.checks.conversation_store, 'healthy');
    } finally {
      await gateway.close();
    }
  });
});

describe('readiness follows a PostgreSQL store going away and coming back', async () => {
  const skip = await serviceSkipReason('PostgreSQL', PG.host, PG.port);
  const schema = `lt_ready_${process.pid}_${Date.now().toString(36)}`;
  const proxy = new TcpProxy(PG.port, PG.host);
  let gateway: RunningGateway;

  const admin = async (sql: string) => {
    const client = new Client({ connectionString: PG.admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  before(async () => {
    if (skip) return;
    await admin(`CREATE SCHEMA ${schema}`);
    await proxy.start();
    const dsn = `postgres://postgres@127.0.0.1:${proxy.port}/test?sslmode=disable&options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: 'k', endpoint: 'http://127.0.0.1:9/v1' } },
      conversations: { store: 'sql', driver: 'postgres', dsn },
    });
  });
  after(async () => {
    if (skip) return;
    await gateway?.close();
    await proxy.stop();
    await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('503 when connections are refused, 200 again once restored', { skip }, async () => {
    assert.equal((await get(`${gateway.url}/ready`)).status, 200);
    proxy.cut('reset');
    const down = await readyBecomes(gateway, 503);
    assert.equal(down.status, 'not_ready');
    assert.match(down.checks.conversation_store, /^unhealthy: /);
    assert.equal(down.checks.providers, 'healthy');
    assert.equal((await get(`${gateway.url}/health`)).status, 200, 'liveness does not depend on the store');
    proxy.restore();
    const up = await readyBecomes(gateway, 200);
    assert.equal(up.checks.conversation_store, 'healthy');
  });

  it('503 within the check timeout when the server hangs', { skip }, async () => {
    proxy.cut('blackhole');
    const started = Date.now();
    const down = await readyBecomes(gateway, 503);
    const waited = Date.now() - started;
    assert.ok(waited >= STORE_CHECK_TIMEOUT_MS - 50 && waited < 5000, `answered after the check timeout (${waited}ms)`);
    assert.equal(down.checks.conversation_store, `unhealthy: no answer within ${STORE_CHECK_TIMEOUT_MS}ms`);
    proxy.restore();
    await readyBecomes(gateway, 200);
  });
});

describe('readiness follows a Redis store going away and coming back', async () => {
  const skip = await serviceSkipReason('Redis', REDIS.host, REDIS.port);
  const proxy = new TcpProxy(REDIS.port, REDIS.host);
  let gateway: RunningGateway;

  before(async () => {
    if (skip) return;
    await proxy.start();
    gateway = await startGateway({
      providers: { openai: { type: 'openai', api_key: 'k', endpoint: 'http://127.0.0.1:9/v1' } },
      conversations: { store: 'redis', dsn: `redis://127.0.0.1:${proxy.port}/0`, key_prefix: `lt_ready_${process.pid}:` },
    });
  });
  after(async () => {
    if (skip) return;
    await gateway?.close();
    await proxy.stop();
  });

  it('503 when Redis is unreachable, 200 again once restored', { skip }, async () => {
    assert.equal((await get(`${gateway.url}/ready`)).status, 200);
    proxy.cut('reset');
    const down = await readyBecomes(gateway, 503);
    assert.match(down.checks.conversation_store, /^unhealthy: /);
    proxy.restore();
    const up = await readyBecomes(gateway, 200);
    assert.equal(up.checks.conversation_store, 'healthy');
  });
});
