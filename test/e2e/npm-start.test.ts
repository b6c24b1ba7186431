import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, repoRoot } from '../support/gateway-process';

const BUILD_SCRIPT = join(repoRoot(), 'scripts', 'build.mjs');

function build(root: string, flag: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [BUILD_SCRIPT, flag, '--root', root], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('scripts/build.mjs: is the build current?', () => {
  it('is stale without a stamp or with an input newer than it, current otherwise', () => {
    const root = mkdtempSync(join(tmpdir(), 'latticelm-build-'));
    mkdirSync(join(root, 'libs', 'x'), { recursive: true });
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'libs', 'x', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'tsconfig.json'), '{}\n');
    assert.equal(build(root, '--check').status, 1, 'never built');
    const stamp = join(root, 'dist', '.build-stamp');
    writeFileSync(stamp, 'x');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(root, 'libs', 'x', 'a.ts'), old, old);
    utimesSync(join(root, 'tsconfig.json'), old, old);
    assert.equal(build(root, '--check').status, 0, 'stamp newer than every input');
    const newer = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'tsconfig.json'), newer, newer);
    assert.equal(build(root, '--check').status, 1, 'a config changed');
    utimesSync(join(root, 'tsconfig.json'), old, old);
    utimesSync(join(root, 'libs', 'x', 'a.ts'), newer, newer);
    assert.equal(build(root, '--check').status, 1, 'a source changed');
  });

  it('builds nothing before the sources exist (the image runs `npm ci` first)', () => {
    const root = mkdtempSync(join(tmpdir(), 'latticelm-build-'));
    const result = build(root, '--if-stale');
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /no sources yet/);
  });
});

/** true once nothing accepts connections on the port */
async function portClosed(port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return false;
  } catch {
    return true;
  } finally {
    socket.destroy();
  }
}

const separateBuild = process.env.LATTICELM_DIST ? 'npm start runs the repository\'s dist/, and this build is elsewhere (LATTICELM_DIST)' : false;

describe('npm start as a service', { skip: separateBuild }, () => {
  let npm: ChildProcess | undefined;
  after(() => {
    // Whatever is left of the process group npm led (only after a failure: a gateway that outlived npm).
    if (!npm?.pid) return;
    try {
      process.kill(-npm.pid, 'SIGKILL');
    } catch {
      // ESRCH: nothing left, as it should be
    }
  });

  it('starts the current build without compiling, logs the URLs that are on, and stops with npm on SIGTERM', async () => {
    const current = build(repoRoot(), '--check');
    assert.equal(current.status, 0, 'dist/ is older than the sources: run `npm run build` before this test');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'latticelm-npm-start-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(
      config,
      [
        `server: { address: "127.0.0.1:${port}" }`,
        'conversations: { store: memory }',
        'admin: { enabled: true }',
        'observability: { enabled: true, metrics: { path: /internal/metrics } }',
        '',
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false' };
    delete env.PORT;
    delete env.LATTICELM_CONFIG;
    const started = performance.now();
    // detached: npm leads a process group, so a failed test can still clean up everything it started
    npm = spawn('npm', ['start', '--', '--config', config], { cwd: repoRoot(), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    npm.stdout?.on('data', (chunk) => (output += chunk));
    npm.stderr?.on('data', (chunk) => (output += chunk));
    const exited = once(npm, 'exit');

    let answered = false;
    for (let attempt = 0; attempt < 600 && npm.exitCode === null && !answered; attempt += 1) {
      try {
        answered = (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    assert.ok(answered, `the gateway answered /health:\n${output}`);
    const seconds = (performance.now() - started) / 1000;
    assert.doesNotMatch(output, /build: compiling|tsc -p/, 'a current build is not compiled again');
    for (const url of ['/v1', '/docs', '/admin/', '/internal/metrics']) {
      assert.ok(output.includes(`http://127.0.0.1:${port}${url}`), `the start-up log names ${url}:\n${output}`);
    }
    process.stdout.write(`# npm start → first answer in ${seconds.toFixed(1)} s\n`);

    assert.ok(npm.pid);
    process.kill(npm.pid, 'SIGTERM');
    await exited;
    let closed = false;
    for (let attempt = 0; attempt < 200 && !closed; attempt += 1) {
      closed = await portClosed(port);
      if (!closed) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(closed, `the gateway left port ${port} when npm was told to stop:\n${output}`);
    assert.match(output, /SIGTERM: draining[\s\S]*stopped/, 'the gateway itself drained and stopped');
  });
});
