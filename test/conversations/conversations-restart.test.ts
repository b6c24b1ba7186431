import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { ConversationStore } from '@latticelm/conversations';
import { FakeOpenAI } from '../fakes/fake-openai';
import { startGateway } from '../support/gateway-harness';
import { freePort, runGatewayToExit } from '../support/gateway-process';
import { assertValidError } from '../support/spec-assertions';
import { openAITranscript } from './transcripts';
import { runName, serviceSkipReason } from './service-availability';
import { adminPg, postgresDsn } from './store-fixtures';

const openai = new FakeOpenAI('openai', 'sk-openai');
const gatewayConfig = (conversations: Record<string, unknown>) => ({
  providers: { openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${openai.url}/v1` } },
  models: [{ name: 'gpt-4o-mini', provider: 'openai' }],
  conversations,
});

/** Two turns, with the gateway closed and started anew on the same store between them. */
async function continueAcrossRestart(conversations: Record<string, unknown>): Promise<void> {
  openai.reset();
  openai.enqueue({ kind: 'text', text: 'Noted: 42.' }, { kind: 'text', text: 'It was 42.' });
  const before = await startGateway(gatewayConfig(conversations));
  const first = await new OpenAI({ baseURL: `${before.url}/v1`, apiKey: 'x', maxRetries: 0 }).responses.create({ model: 'gpt-4o-mini', input: 'Remember 42.' });
  await before.close();

  const afterRestart = await startGateway(gatewayConfig(conversations));
  try {
    const client = new OpenAI({ baseURL: `${afterRestart.url}/v1`, apiKey: 'x', maxRetries: 0 });
    assert.equal((await client.responses.retrieve(first.id)).output_text, 'Noted: 42.');
    const second = await client.responses.create({ model: 'gpt-4o-mini', input: 'What was it?', previous_response_id: first.id });
    assert.equal(second.output_text, 'It was 42.');
    assert.deepEqual(openAITranscript(openai.requests[1].body.input), ['user:Remember 42.', 'assistant:Noted: 42.', 'user:What was it?']);
  } finally {
    await afterRestart.close();
  }
}

describe('conversations survive a gateway restart', () => {
  let dir = '';
  before(async () => {
    await openai.start();
    dir = await mkdtemp(join(tmpdir(), 'latticelm-restart-'));
  });
  after(async () => {
    await openai.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('with the SQLite store (the default driver, creating its directory)', async () => {
    await continueAcrossRestart({ store: 'sql', driver: 'sqlite3', dsn: join(dir, 'data', 'conversations.db') });
  });

  it('with the PostgreSQL store', async (t) => {
    const skip = await serviceSkipReason('PostgreSQL', '127.0.0.1', 5432);
    if (skip) return t.skip(skip);
    const schema = runName('pg_restart');
    await adminPg(`CREATE SCHEMA ${schema}`);
    try {
      await continueAcrossRestart({ store: 'sql', driver: 'pgx', dsn: postgresDsn(schema) });
    } finally {
      await adminPg(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    }
  });

  it('answers 503 when the store fails during a request, and keeps serving', async () => {
    const gateway = await startGateway(gatewayConfig({ store: 'sql', driver: 'sqlite3', dsn: join(dir, 'broken.db') }));
    try {
      const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x', maxRetries: 0 });
      const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi' });
      await gateway.app.get(ConversationStore).close();
      for (const [method, path, body] of [
        ['GET', `/v1/responses/${first.id}`],
        ['POST', '/v1/responses', { model: 'gpt-4o-mini', input: 'again', previous_response_id: first.id }],
        ['POST', '/v1/responses', { model: 'gpt-4o-mini', input: 'new' }],
      ] as const) {
        const res = await fetch(`${gateway.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
        const json = await res.json();
        assert.equal(res.status, 503, `${method} ${path}`);
        assertValidError(json);
        assert.equal(json.error.code, 'conversation_store_unavailable');
      }
      assert.equal((await client.responses.create({ model: 'gpt-4o-mini', input: 'unstored', store: false })).status, 'completed');
    } finally {
      await gateway.close();
    }
  });
});

describe('a conversation store that cannot be reached stops start-up', () => {
  it('PostgreSQL: app creation rejects naming the store and host, never the password', async () => {
    const port = await freePort();
    await assert.rejects(
      startGateway({ conversations: { store: 'sql', driver: 'postgres', dsn: `postgres://gw:Sup3r-s3cret@127.0.0.1:${port}/test` } }),
      (error: Error) => {
        assert.match(error.message, new RegExp(`conversation store sql \\(postgres at 127\\.0\\.0\\.1:${port}/test\\) is unavailable`));
        assert.ok(!error.message.includes('Sup3r-s3cret'), error.message);
        return true;
      },
    );
  });

  it('Redis: app creation rejects naming the host', async () => {
    const port = await freePort();
    await assert.rejects(startGateway({ conversations: { store: 'redis', dsn: `redis://:Sup3r-s3cret@127.0.0.1:${port}/0` } }), (error: Error) => {
      assert.match(error.message, new RegExp(`conversation store redis \\(redis at 127\\.0\\.0\\.1:${port}/0\\) is unavailable: .*ECONNREFUSED`));
      assert.ok(!error.message.includes('Sup3r-s3cret'));
      return true;
    });
  });

  it('the gateway process exits non-zero with that message', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'latticelm-badstore-'));
    try {
      const port = await freePort();
      const file = join(dir, 'config.yaml');
      await writeFile(file, ['conversations:', '  store: sql', '  driver: postgres', `  dsn: "postgres://gw:Sup3r-s3cret@127.0.0.1:${port}/test"`].join('\n'));
      const { code, output } = await runGatewayToExit(['--config', file], { PORT: String(await freePort()) });
      assert.equal(code, 1, output);
      assert.match(output, new RegExp(`conversation store sql \\(postgres at 127\\.0\\.0\\.1:${port}/test\\) is unavailable`));
      assert.ok(!output.includes('Sup3r-s3cret'), output);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
