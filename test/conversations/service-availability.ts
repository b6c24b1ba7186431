import { Socket } from 'node:net';

/**
 * Whether a backing service answers on host:port. Returns undefined when it does, or the reason to skip — unless
 * LATTICELM_REQUIRE_SERVICES=1, where an absent service is a failure, not a skip.
 */
export async function serviceSkipReason(name: string, host: string, port: number): Promise<string | undefined> {
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
  if (reachable) return undefined;
  const reason = `${name} is not reachable at ${host}:${port}`;
  if (process.env.LATTICELM_REQUIRE_SERVICES === '1') throw new Error(`${reason} and LATTICELM_REQUIRE_SERVICES=1`);
  return reason;
}

/** A name unique to this test run, safe as a schema, database or key-prefix part. */
export function runName(label: string): string {
  return `lt_${label}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}
