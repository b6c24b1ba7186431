import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { distDir, repoRoot } from './gateway-process';

/** The compiled chat client running as a real process, driven line by line through stdin. */
export interface ChatProcess {
  child: ChildProcess;
  /** everything written to stdout so far */
  stdout(): string;
  stderr(): string;
  send(line: string): void;
  /**
   * Resolves when stdout contains `text` after the previous match (so expectations are checked in order);
   * rejects after `timeoutMs`, or as soon as the client exits without showing it, with the output so far.
   */
  expect(text: string, timeoutMs?: number): Promise<void>;
  exit: Promise<number | null>;
  kill(): void;
}

export function spawnChat(args: string[], env: NodeJS.ProcessEnv = {}): ChatProcess {
  const child = spawn(process.execPath, [join(distDir(), 'apps', 'chat', 'src', 'main.js'), ...args], {
    cwd: repoRoot(),
    // no LATTICELM_* from the developer's shell leaks into the test; NO_COLOR keeps assertions plain
    env: { ...process.env, LATTICELM_URL: '', LATTICELM_TOKEN: '', NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let cursor = 0;
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const listener of [...listeners]) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    // 'close', not 'exit': by then stdout has been read to the end
    child.once('close', (code) => {
      exited = true;
      for (const listener of [...listeners]) listener();
      resolve(code);
    }),
  );

  const expect = (text: string, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        const index = out.indexOf(text, cursor);
        if (index < 0) return false;
        cursor = index + text.length;
        finish();
        resolve();
        return true;
      };
      const fail = (why: string) => {
        finish();
        reject(new Error(`chat output did not show ${JSON.stringify(text)} ${why}.\n--- stdout (match cursor at ${cursor}):\n${out}\n--- stderr:\n${err}`));
      };
      const timer = setTimeout(() => fail(`within ${timeoutMs} ms`), timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        listeners.delete(onData);
      };
      // an exit also calls this: the last output gets one more look, then there is nothing left to wait for
      const onData = () => {
        if (!check() && exited) fail('before the client exited');
      };
      if (!check()) {
        if (exited) fail('before the client exited');
        else listeners.add(onData);
      }
    });

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    send: (line) => child.stdin?.write(`${line}\n`),
    expect,
    exit,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
