import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { ApiKeyGate } from '@latticelm/auth';
import { TrafficClock } from '@latticelm/traffic';
import { FakeOpenAI } from '../fakes/fake-openai';
import { runName, serviceSkipReason } from '../conversations/service-availability';
import { MARIADB, adminMysql, adminPg, postgresDsn } from '../conversations/store-fixtures';
import { startGateway } from '../support/gateway-harness';

const ADMIN = 'admin-key-for-the-restart-tests-01';
const fake = new FakeOpenAI('openai', 'k');
const NOW = Date.parse('2026-05-20T08:00:00Z');
const PER_REQUEST = 0.000006;

/** The gateway on a SQL store, its traffic clock frozen before start-up loads the spend. */
function start(conversations: Record<string, unknown>) {
  return startGateway(
    {
      providers: { openai: { type: 'openai', api_key: 'k', endpoint: `${fake.url}/v1` } },
      models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
      conversations,
      auth: { api_keys: { enabled: true, admin_keys: [ADMIN] } },
    },
    (app) => {
      app.get(TrafficClock).now = () => NOW;
    },
  );
}

/** Spend a key's and an owner's budget, restart, and find both spent and still enforced. */
async function spendAcrossRestart(conversations: Record<string, unknown>): Promise<void> {
  const first = await start(conversations);
  const admin = (gateway: { url: string }, method: string, path: string, body?: unknown) =>
    fetch(`${gateway.url}/admin/api${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  let key: { id: string; key: string };
  try {
    key = await (await admin(first, 'POST', '/keys', { name: 'persisted', owner: 'team-persist', budget: { usd: 2 * PER_REQUEST, period: 'month' } })).json();
    assert.equal((await admin(first, 'PUT', '/owners/team-persist/budget', { usd: 10, period: 'day', mode: 'soft' })).status, 200);
    const sdk = new OpenAI({ baseURL: `${first.url}/v1`, apiKey: key.key, maxRetries: 0 });
    await sdk.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
    await sdk.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
    await first.app.get(ApiKeyGate).settled();
  } finally {
    await first.close();
  }

  const second = await start(conversations);
  try {
    const view = await (await admin(second, 'GET', `/keys/${key.id}`)).json();
    assert.equal(view.spend_usd, 2 * PER_REQUEST);
    assert.deepEqual(view.spend, { day_usd: 2 * PER_REQUEST, month_usd: 2 * PER_REQUEST, total_usd: 2 * PER_REQUEST });
    const refused = await fetch(`${second.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'hi' }),
    });
    assert.equal(refused.status, 429, 'the restarted gateway remembers the spend');
    assert.equal((await refused.json()).error.code, 'insufficient_quota');
    const owner = await (await admin(second, 'GET', '/owners/team-persist/budget')).json();
    assert.deepEqual({ budget: owner.budget, spend: owner.spend_usd }, { budget: { usd: 10, period: 'day', mode: 'soft' }, spend: 2 * PER_REQUEST });
  } finally {
    await second.close();
  }
}

describe('spend survives a gateway restart', () => {
  let dir = '';
  before(async () => {
    await fake.start();
    dir = await mkdtemp(join(tmpdir(), 'latticelm-budget-restart-'));
  });
  after(async () => {
    await fake.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('with SQLite', async () => {
    await spendAcrossRestart({ store: 'sql', driver: 'sqlite3', dsn: join(dir, 'data', 'gateway.db') });
  });

  it('with PostgreSQL', async (t) => {
    const skip = await serviceSkipReason('PostgreSQL', '127.0.0.1', 5432);
    if (skip) return t.skip(skip);
    const schema = runName('pg_budget');
    await adminPg(`CREATE SCHEMA ${schema}`);
    try {
      await spendAcrossRestart({ store: 'sql', driver: 'postgres', dsn: postgresDsn(schema) });
    } finally {
      await adminPg(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  it('with MariaDB', async (t) => {
    const skip = await serviceSkipReason('MariaDB', MARIADB.host, MARIADB.port);
    if (skip) return t.skip(skip);
    const database = runName('my_budget');
    await adminMysql(`CREATE DATABASE ${database} CHARACTER SET utf8mb4`);
    try {
      await spendAcrossRestart({ store: 'sql', driver: 'mysql', dsn: `${MARIADB.user}@tcp(${MARIADB.host}:${MARIADB.port})/${database}?parseTime=true` });
    } finally {
      await adminMysql(`DROP DATABASE IF EXISTS ${database}`);
    }
  });
});
