// Child processes of the benchmark (the fake upstream and the servers in front of it): start, wait ready,
// sample RSS and CPU, stop.
// Every child is tracked so an error, SIGINT or the deadline can stop them all.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const running = new Set();

export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Environment for children: no LATTICELM_* overrides or PORT leaking from the shell into the gateway config. */
export function childEnv(extra = {}) {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('LATTICELM_') || name === 'PORT' || name.startsWith('BENCH_')) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

export function startChild(name, command, args, options = {}) {
  const child = spawn(command, args, { stdio: options.stdio ?? ['pipe', 'pipe', 'pipe'], env: options.env, cwd: options.cwd });
  const tail = [];
  const keep = (chunk) => {
    tail.push(String(chunk));
    if (tail.length > 40) tail.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const handle = {
    name,
    child,
    pid: child.pid,
    output: () => tail.join(''),
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  running.add(handle);
  handle.exited.then(() => running.delete(handle));
  return handle;
}

/** The first JSON line a child prints on stdout (the fake announces its port that way). */
export async function firstJsonLine(handle, timeoutMs) {
  let buffered = '';
  const line = new Promise((resolve, reject) => {
    handle.child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end >= 0) {
        try {
          resolve(JSON.parse(buffered.slice(0, end)));
        } catch (error) {
          reject(error);
        }
      }
    });
  });
  return race(line, handle, timeoutMs, 'to announce its port');
}

/** Polls GET {baseUrl}{path} until 200, the child exits, or the timeout. */
export async function waitForReady(handle, baseUrl, timeoutMs, path = '/v1/models') {
  const poll = (async () => {
    for (;;) {
      try {
        const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return race(poll, handle, timeoutMs, `to answer GET ${path}`);
}

async function race(promise, handle, timeoutMs, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${handle.name} did not manage ${what} within ${timeoutMs} ms\n${handle.output()}`)), timeoutMs);
  });
  const died = handle.exited.then(({ code, signal }) => {
    throw new Error(`${handle.name} exited (code ${code}, signal ${signal}) before ${what.replace(/^to /, '')}\n${handle.output()}`);
  });
  try {
    return await Promise.race([promise, timeout, died]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resident set size of a process in MB, from /proc/<pid>/status (VmRSS is in kB). */
export function rssMb(pid) {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : NaN;
}

let clockTicks;
/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid) {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // fields after "(comm) ": state is field 3, utime 14, stime 15
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

export async function stopChild(handle, graceMs = 5000) {
  if (handle.child.exitCode !== null || handle.child.signalCode !== null) return;
  handle.child.stdin?.end();
  handle.child.kill('SIGTERM');
  const timer = setTimeout(() => handle.child.kill('SIGKILL'), graceMs);
  await handle.exited;
  clearTimeout(timer);
}

export async function stopAll() {
  await Promise.all([...running].map((handle) => stopChild(handle)));
}

/** Synchronous last resort (process 'exit'): nothing async runs any more. */
export function killAllNow() {
  for (const handle of running) {
    try {
      handle.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
