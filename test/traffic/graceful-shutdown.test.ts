import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { ResponsesSocket } from '../support/responses-socket';
import { readSse } from '../support/sse';

/** The built gateway next to this compiled test: <OUT>/test/traffic → <OUT>/apps/gateway/src/main.js */
const MAIN = join(__dirname, '../../apps/gateway/src/main.js');

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** resolves once the process has logged a line matching `pattern` */
  logged: (pattern: RegExp) => Promise<void>;
  exited: Promise<number | null>;
}

async function spawnGateway(dir: string, fakeUrl: string, shutdownTimeout: string): Promise<Running> {
  const port = await freePort();
  const config = join(dir, `config-${port}.yaml`);
  writeFileSync(
    config,
    [
      'server:',
      `  address: "127.0.0.1:${port}"`,
      `  shutdown_timeout: "${shutdownTimeout}"`,
      'logging: { format: text, level: info }',
      'conversations: { store: memory }',
      'providers:',
      `  openai: { type: openai, api_key: k, endpoint: "${fakeUrl}/v1", max_retries: 0 }`,
      'models:',
      '  - { name: gpt-4o-mini, provider: openai }',
    ].join('\n'),
  );
  const env = { ...process.env };
  delete env.PORT;
  const child = spawn(process.execPath, [MAIN, '--config', config], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const watchers = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const watcher of watchers) watcher();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const logged = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(output)) return;
        watchers.delete(check);
        resolve();
      };
      watchers.add(check);
      check();
      void exited.then((code) => reject(new Error(`gateway exited with ${code} before logging ${pattern}:\n${output}`)));
    });
  await logged(/listening on/);
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, logged, exited };
}

function streamRequest(url: string) {
  return fetch(`${url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', input: 'go', stream: true }),
  });
}

/** Reads SSE events until the first text delta, then hands back the rest of the stream. */
async function untilFirstDelta(res: Response) {
  const stream = readSse(res.body!);
  const types: string[] = [];
  for (let next = await stream.next(); !next.done; next = await stream.next()) {
    types.push(next.value.event ?? next.value.data);
    if (next.value.event === 'response.output_text.delta') break;
  }
  return {
    async rest(): Promise<{ types: string[]; last: any }> {
      let last: any;
      for await (const message of stream) {
        types.push(message.event ?? message.data);
        if (message.data !== '[DONE]') last = JSON.parse(message.data);
      }
      return { types, last };
    },
  };
}

describe('graceful shutdown of the built gateway process (SIGTERM)', { skip: existsSync(MAIN) ? false : `no build at ${MAIN}` }, () => {
  const fake = new FakeOpenAI('openai', 'k');
  let dir: string;
  let patient: Running;
  let hurried: Running;
  let socketed: Running;

  // start-up loads every module (~seconds on a busy machine): both processes start at once
  before(async () => {
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'latticelm-shutdown-'));
    [patient, hurried, socketed] = await Promise.all([spawnGateway(dir, fake.url, '20s'), spawnGateway(dir, fake.url, '400ms'), spawnGateway(dir, fake.url, '20s')]);
  });
  after(async () => {
    for (const gateway of [patient, hurried, socketed]) if (gateway && gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes an in-flight stream, refuses new connections, and exits 0', async () => {
    const gateway = patient;
    fake.enqueue({ kind: 'slow', text: 'one two three four', chunks: ['one ', 'two ', 'three ', 'four'], gapMs: 300 });
    const reading = await untilFirstDelta(await streamRequest(gateway.url));
    gateway.child.kill('SIGTERM');
    await gateway.logged(/SIGTERM: draining 1 in-flight request/);
    // a fresh connection while draining is refused: the listener is closed
    const refused = await fetch(`${gateway.url}/v1/models`, { headers: { connection: 'close' } }).then(
      () => false,
      () => true,
    );
    assert.ok(refused, 'new connections are refused while draining');
    const { types, last } = await reading.rest();
    assert.equal(last.type, 'response.completed');
    assert.equal(last.response.output[0].content[0].text, 'one two three four');
    assert.equal(types.at(-1), '[DONE]');
    assert.equal(await gateway.exited, 0, gateway.output());
  });

  it('at server.shutdown_timeout, a stream still running ends with response.failed and the process exits 0', async () => {
    const gateway = hurried;
    fake.enqueue({ kind: 'slow', text: 'one two three', chunks: ['one ', 'two ', 'three'], gapMs: 10_000 });
    const reading = await untilFirstDelta(await streamRequest(gateway.url));
    const upstreamClosed = fake.nextAbort();
    gateway.child.kill('SIGTERM');
    const { types, last } = await reading.rest();
    assert.equal(last.type, 'response.failed');
    assert.equal(last.response.status, 'failed');
    assert.match(last.response.error.message, /shutting down/);
    assert.equal(types.at(-1), '[DONE]');
    await upstreamClosed;
    assert.equal(await gateway.exited, 0, gateway.output());
  });

  it('drains WebSocket connections: the in-flight turn finishes, then every connection gets a 1001 close frame', async () => {
    const gateway = socketed;
    const [idle, busy] = await Promise.all([ResponsesSocket.open(gateway.url), ResponsesSocket.open(gateway.url)]);
    fake.enqueue({ kind: 'slow', text: 'one two three four', chunks: ['one ', 'two ', 'three ', 'four'], gapMs: 300 });
    busy.create({ model: 'gpt-4o-mini', input: 'go' });
    while ((await busy.next()).type !== 'response.output_text.delta');
    gateway.child.kill('SIGTERM');
    assert.equal((await idle.closed).code, 1001, 'an idle connection is closed at once');
    const rest = await busy.turn();
    const last = rest.at(-1);
    assert.equal(last?.type, 'response.completed');
    assert.equal(last?.response.output[0].content[0].text, 'one two three four');
    const closed = await busy.closed;
    assert.equal(closed.code, 1001);
    assert.equal(closed.reason, 'server shutting down');
    assert.equal(await gateway.exited, 0, gateway.output());
  });
});
