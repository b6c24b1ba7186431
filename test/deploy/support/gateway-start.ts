import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { distDir } from '../../support/gateway-process';

export interface StartedGateway {
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then the exit */
  stop(): Promise<void>;
}

/**
 * The built gateway with exactly these args and env (nothing inherited but PATH, so no PORT unless given),
 * resolved when it logs that it listens. The deadline is generous: on a loaded 2-core machine start-up alone
 * can take over ten seconds.
 */
export async function startGateway(args: string[], env: NodeJS.ProcessEnv = {}, deadlineMs = 60_000): Promise<StartedGateway> {
  const child = spawn(process.execPath, [join(distDir(), 'apps', 'gateway', 'src', 'main.js'), ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = once(child, 'exit');
  let output = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('listening on http')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exit.then(() => reject(new Error(`the gateway exited before listening:\n${output}`)));
    });
  } finally {
    clearTimeout(timer);
  }
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exit;
    },
  };
}
