import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..').replace(/\/dist$/, '');

/** The compiled tree the tests run from (LATTICELM_DIST when the build went elsewhere). */
export function distDir(): string {
  return process.env.LATTICELM_DIST ?? join(repoRoot(), 'dist');
}

export function repoRoot(): string {
  // compiled files live at <dist>/test/support; the repo is the working directory of the test runner
  return process.cwd();
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exit: Promise<number | null>;
}

/** Runs the built gateway as a real process; resolves once it answers on its port. */
export async function spawnGateway(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [join(distDir(), 'apps', 'gateway', 'src', 'main.js'), ...args], {
    cwd: repoRoot(),
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  void exit.then(() => (exited = true));
  // up to 30 s: a loaded 2-core machine has been seen to need more than 10 s before the first answer
  for (let attempt = 0; attempt < 600 && !exited; attempt += 1) {
    try {
      await fetch(`${url}/v1/models`);
      return { child, url, output: () => output, exit };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`gateway did not start:\n${output}`);
}

/** Runs the gateway expecting it to exit; returns its exit code and output. */
export async function runGatewayToExit(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(distDir(), 'apps', 'gateway', 'src', 'main.js'), ...args], {
    cwd: repoRoot(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, output };
}
