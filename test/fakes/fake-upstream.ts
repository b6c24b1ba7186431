import { once } from 'node:events';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Scenario } from './scenario';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: any;
}

export interface FakeContext {
  req: IncomingMessage;
  res: ServerResponse;
  recorded: RecordedRequest;
  scenario: Scenario;
}

/**
 * A local HTTP server that plays a vendor. Subclasses route vendor paths, check the auth the SDK sends, and
 * render scenarios; this base records requests, queues scenarios, and tracks connections so tests can see an
 * upstream call being aborted.
 */
export abstract class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Scenario[] = [];
  private fallback: Scenario = { kind: 'text', text: 'Hello from the fake upstream.' };
  private server: Server | undefined;
  private chooser: ((request: RecordedRequest) => Scenario | undefined) | undefined;
  private readonly sockets = new Set<Socket>();
  private closedWaiters: (() => void)[] = [];
  /** responses whose client went away before we finished writing */
  abortedResponses = 0;

  constructor(readonly expectedKey = 'test-key') {}

  /** Scenarios answer the next requests in order; when the queue is empty the default answers. */
  enqueue(...scenarios: Scenario[]): this {
    this.queue.push(...scenarios);
    return this;
  }

  setDefault(scenario: Scenario): this {
    this.fallback = scenario;
    return this;
  }

  /** Picks the answer from the request itself (before the queue), for clients whose requests come in any order. */
  respondWith(choose: ((request: RecordedRequest) => Scenario | undefined) | undefined): this {
    this.chooser = choose;
    return this;
  }

  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.abortedResponses = 0;
    this.fallback = { kind: 'text', text: 'Hello from the fake upstream.' };
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('fake upstream not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server = undefined;
  }

  /** Resolves when some in-flight response is abandoned by the gateway (its socket closed before we ended). */
  nextAbort(): Promise<void> {
    return new Promise((resolve) => this.closedWaiters.push(resolve));
  }

  protected abstract route(context: FakeContext): Promise<void> | void;

  /** Side requests (e.g. an OAuth token exchange before the real call) must not use up a queued scenario. */
  protected usesScenario(_request: RecordedRequest): boolean {
    return true;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
    this.requests.push(recorded);
    res.on('close', () => {
      if (!res.writableFinished) {
        this.abortedResponses += 1;
        const waiters = this.closedWaiters;
        this.closedWaiters = [];
        for (const waiter of waiters) waiter();
      }
    });
    const scenario = this.usesScenario(recorded) ? (this.chooser?.(recorded) ?? this.queue.shift() ?? this.fallback) : this.fallback;
    try {
      await this.route({ req, res, recorded, scenario });
    } catch (error) {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `fake failed: ${String(error)}` } }));
      } else res.destroy();
    }
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendRecorded(res: ServerResponse, recording: { status: number; contentType: string; body: string }): void {
  res.writeHead(recording.status, { 'content-type': recording.contentType, 'content-length': Buffer.byteLength(recording.body) });
  res.end(recording.body);
}

export function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
}

export function writeSse(res: ServerResponse, event: string | undefined, data: unknown): void {
  if (res.destroyed) return;
  res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

/** Resolves after `ms` or when the response closes (so a hanging fake never outlives its client). */
export function pause(res: ServerResponse, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export function waitForClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => res.once('close', () => resolve()));
}

/** Lets what was written reach the client, then drops the connection mid-stream (no terminating chunk). */
export async function cutAfterFlush(res: ServerResponse): Promise<void> {
  await new Promise<void>((resolve) => res.write('', () => resolve()));
  await new Promise((resolve) => setImmediate(resolve));
  res.socket?.destroy();
}
