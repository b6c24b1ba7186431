import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ShutdownState } from './shutdown-state';

export interface GracefulShutdownOptions {
  /** server.shutdown_timeout */
  timeoutMs: number;
  signals?: NodeJS.Signals[];
  /** after the deadline, how long streams get to write their response.failed and close */
  finalGraceMs?: number;
  exit?: (code: number) => void;
}

/**
 * The orderly stop, installed by main.ts before listen. On SIGTERM/SIGINT: readiness turns 503 (`draining`), the
 * listener closes so no new connection is accepted, kept-alive connections are closed once idle (answers on them
 * carry `Connection: close`), and in-flight requests and streams run to their end for up to `timeoutMs`. At the
 * deadline the remaining streams end with `response.failed`; then the app closes (stores, Redis) and the process
 * exits 0. A second signal exits at once with 1. Registered participants (WebSocket connections) drain alongside:
 * their in-flight responses finish, then they close.
 */
export function installGracefulShutdown(app: INestApplication, options: GracefulShutdownOptions): { drain(reason: string): Promise<void> } {
  const logger = new Logger('Shutdown');
  const server = app.getHttpServer() as Server;
  const state = app.get(ShutdownState);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const inFlight = new Set<ServerResponse>();
  let idleWaiters: (() => void)[] = [];

  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    if (state.draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight.delete(res);
      if (inFlight.size > 0) return;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const waiter of waiters) waiter();
    });
  });

  const idle = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (inFlight.size === 0) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });

  let started = false;
  const drain = async (reason: string): Promise<void> => {
    if (started) {
      logger.warn(`${reason} again while draining: exiting now`);
      exit(1);
      return;
    }
    started = true;
    logger.log(`${reason}: draining ${inFlight.size} in-flight request(s) for up to ${options.timeoutMs}ms`);
    state.beginDraining();
    server.close();
    server.closeIdleConnections();
    const reaper = setInterval(() => server.closeIdleConnections(), 100);
    const participants = state.participants;
    const othersClosed = Promise.all(participants.map((participant) => participant.drain()));
    const everythingIdle = async (ms: number) => (await Promise.all([idle(ms), settlesWithin(othersClosed, ms)])).every(Boolean);
    try {
      if (!(await everythingIdle(options.timeoutMs))) {
        logger.warn(`shutdown deadline passed with ${inFlight.size} request(s) in flight: failing them`);
        state.expireDeadline();
        await everythingIdle(options.finalGraceMs ?? 5_000);
      }
      for (const participant of participants) participant.terminate();
      clearInterval(reaper);
      server.closeAllConnections();
      await app.close();
      logger.log('stopped');
      exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      exit(1);
    }
  };

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, () => void drain(signal));
  return { drain };
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
