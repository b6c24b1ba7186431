import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sqlite3 from 'sqlite3';
import { FakeOpenAI } from '../fakes/fake-openai';
import { GatewayProcess, freePort, spawnGateway } from '../support/gateway-process';

const KEY = `lm-shutdown-test-${'k'.repeat(30)}`;

function rowsOf(path: string, sql: string): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (error) => {
      if (error) return reject(error);
      db.all(sql, (queryError, rows) => {
        db.close();
        if (queryError) reject(queryError);
        else resolve(rows as Record<string, unknown>[]);
      });
    });
  });
}

/**
 * The built gateway as a real process, its usage log flushing only every hour: the records of the requests it
 * served are written by the SIGTERM drain, before the SQLite connection closes.
 */
describe('usage log at shutdown', () => {
  const openai = new FakeOpenAI('openai', 'k');
  let dir: string;
  let gateway: GatewayProcess;

  before(async () => {
    await openai.start();
    dir = await mkdtemp(join(tmpdir(), 'latticelm-usage-drain-'));
    const config = join(dir, 'config.yaml');
    await writeFile(
      config,
      [
        'logging: { format: json, level: warn }',
        `conversations: { store: sql, driver: sqlite3, dsn: "${join(dir, 'conversations.db')}" }`,
        'providers:',
        `  openai: { type: openai, api_key: k, endpoint: "${openai.url}/v1", max_retries: 0 }`,
        'models:',
        '  - { name: gpt-4o-mini, provider: openai }',
        'auth:',
        '  api_keys:',
        '    enabled: true',
        `    keys: [{ name: drain, key: "${KEY}", owner: ops }]`,
        'usage_log: { flush_interval: 1h, batch_size: 1000 }',
        '',
      ].join('\n'),
    );
    gateway = await spawnGateway(['--config', config], {}, await freePort());
  });
  after(async () => {
    gateway?.child.kill('SIGKILL');
    await openai.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the buffered records on SIGTERM, then exits 0', async () => {
    openai.enqueue({ kind: 'text', text: 'one', usage: { inputTokens: 11, outputTokens: 3 } }, { kind: 'text', text: 'two', usage: { inputTokens: 13, outputTokens: 5 } });
    for (const stream of [false, true]) {
      const res = await fetch(`${gateway.url}/v1/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', input: 'hi', store: false, stream }),
      });
      assert.equal(res.status, 200);
      await res.text();
    }
    gateway.child.kill('SIGTERM');
    assert.equal(await gateway.exit, 0, gateway.output());
    const rows = await rowsOf(join(dir, 'conversations.db'), 'SELECT key_id, owner, stream, input_tokens, output_tokens FROM latticelm_usage_records ORDER BY id');
    assert.deepEqual(rows, [
      { key_id: 'cfg_drain', owner: 'ops', stream: 0, input_tokens: 11, output_tokens: 3 },
      { key_id: 'cfg_drain', owner: 'ops', stream: 1, input_tokens: 13, output_tokens: 5 },
    ]);
  });
});
