import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { distDir, freePort } from '../support/gateway-process';

const SECRET_KEY = 'sk-live-SECRETKEY-0123456789abcdef';
const CLIENT_TOKEN = 'Bearer client-token-SHOULD-NOT-LEAK-987654321';
const PROMPT = 'PROMPT-TEXT-must-never-be-logged-7f3a';
const ANSWER = 'ANSWER-TEXT-must-never-be-logged-c41d';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The built gateway as a real process with JSON logging; stdout is what a log shipper would read. */
describe('structured access logs from the running gateway', () => {
  const openai = new FakeOpenAI('openai', SECRET_KEY);
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let stdout = '';
  let stderr = '';

  before(async () => {
    await openai.start();
    openai.setDefault({ kind: 'text', text: ANSWER });
    dir = await mkdtemp(join(tmpdir(), 'latticelm-logs-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const config = join(dir, 'config.yaml');
    await writeFile(
      config,
      [
        'server:',
        `  address: "127.0.0.1:${port}"`,
        'logging:',
        '  format: json',
        '  level: info',
        'providers:',
        '  openai:',
        '    type: openai',
        '    api_key: "${TEST_OPENAI_KEY}"',
        `    endpoint: "${openai.url}/v1"`,
        '    max_retries: 0',
        'models:',
        '  - name: gpt-4o-mini',
        '    provider: openai',
        '',
      ].join('\n'),
    );
    child = spawn(process.execPath, [join(distDir(), 'apps', 'gateway', 'src', 'main.js'), '--config', config], {
      env: { ...process.env, TEST_OPENAI_KEY: SECRET_KEY, PORT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const up = await fetch(`${url}/health`).then((res) => res.ok, () => false);
      if (up) break;
      if (child.exitCode !== null || Date.now() > deadline) assert.fail(`gateway did not start:\n${stdout}${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    await openai.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one JSON access line per request, echoes X-Request-Id, and never logs secrets or content', async () => {
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: CLIENT_TOKEN, ...headers }, body });

    const plain = await post(JSON.stringify({ model: 'gpt-4o-mini', input: PROMPT }), { 'x-request-id': 'client-req-42' });
    assert.equal(plain.status, 200);
    assert.equal(plain.headers.get('x-request-id'), 'client-req-42');
    await plain.text();

    const streamed = await post(JSON.stringify({ model: 'gpt-4o-mini', input: PROMPT, stream: true }), { 'x-request-id': 'not valid; has spaces' });
    const streamedId = streamed.headers.get('x-request-id') ?? '';
    assert.match(streamedId, UUID, 'an unsafe client id is replaced');
    await streamed.text();

    const malformed = await post('{"model": "gpt-4o-mini", "input": ', { 'x-request-id': 'bad-json-1' });
    assert.equal(malformed.status, 400);
    await malformed.text();

    const missing = await fetch(`${url}/v1/responses/resp_nothere`, { headers: { authorization: CLIENT_TOKEN } });
    assert.equal(missing.status, 404);
    const missingId = missing.headers.get('x-request-id') ?? '';
    assert.match(missingId, UUID);
    await missing.text();

    child.kill('SIGTERM');
    const exited = await Promise.race([once(child, 'exit').then(() => true), new Promise((resolve) => setTimeout(resolve, 15_000, false))]);
    assert.ok(exited, 'gateway exits on SIGTERM');

    const lines = stdout.split('\n').filter((line) => line !== '');
    const records = lines.map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        assert.fail(`not one JSON object per line: ${line}`);
      }
    });
    for (const record of records) {
      assert.equal(typeof record.time, 'string');
      assert.ok(['debug', 'info', 'warn', 'error', 'fatal'].includes(record.level), line(record));
      assert.equal(typeof record.msg, 'string');
    }
    const access = records.filter((record) => record.context === 'Access');
    const byId = (id: string) => {
      const found = access.filter((record) => record.request_id === id);
      assert.equal(found.length, 1, `one access line for ${id}, got ${found.length}`);
      return found[0];
    };

    const first = byId('client-req-42');
    assert.deepEqual(
      { method: first.method, route: first.route, status: first.status, provider: first.provider, model: first.model, stream: first.stream },
      { method: 'POST', route: '/v1/responses', status: 200, provider: 'openai', model: 'gpt-4o-mini', stream: false },
    );
    assert.equal(typeof first.latency_ms, 'number');
    assert.ok(first.latency_ms >= 0);

    const second = byId(streamedId);
    assert.equal(second.stream, true);
    assert.equal(second.status, 200);
    assert.equal(second.provider, 'openai');

    const third = byId('bad-json-1');
    assert.equal(third.status, 400);
    assert.equal(third.path, '/v1/responses');

    const fourth = byId(missingId);
    assert.deepEqual({ route: fourth.route, path: fourth.path, status: fourth.status }, { route: '/v1/responses/:id', path: '/v1/responses/resp_nothere', status: 404 });

    const everything = stdout + stderr;
    for (const secret of [SECRET_KEY, CLIENT_TOKEN, 'client-token-SHOULD-NOT-LEAK', PROMPT, ANSWER]) {
      assert.ok(!everything.includes(secret), `logs contain ${secret}`);
    }
  });
});

function line(record: unknown): string {
  return JSON.stringify(record);
}
