import type { RawData, WebSocket } from 'ws';
import { GatewayError, NormalizedRequest, RequestScope } from '@latticelm/api';
import { ClientAbortedError } from '@latticelm/providers';
import type { ResponsesService } from '../responses.service';
import { encodeErrorEvent } from './encode-server-event';
import { MostRecentResponse } from './most-recent-response';
import { readClientEvent } from './read-client-event';
import { SocketEventWriter } from './socket-event-writer';

/** One turn as the edge around the session sees it: for rate limits, logs and metrics. */
export interface SocketTurn {
  readonly scope: RequestScope;
  /** before the turn runs: an error refuses it (a rate limit) */
  admit(): Promise<GatewayError | undefined>;
  /** the HTTP-style status the turn ended with (200, or its error event's), and whether it ended failed */
  end(status: number, failed: boolean, error?: GatewayError): void;
}

export interface SocketSessionOptions {
  owner: string;
  pingIntervalMs: number;
  maxConnectionAgeMs: number;
  maxPendingRequests: number;
  beginTurn(request: NormalizedRequest): SocketTurn;
}

/** RFC 6455 close codes */
const NORMAL = 1000;
const GOING_AWAY = 1001;

/**
 * One Open Responses WebSocket connection: `response.create` messages run one at a time through the same
 * ResponsesService as HTTP streaming (at most one in flight, the rest queued in order), every streaming event
 * goes out as a message, and a failed turn is an `error` event after which the connection carries on. The
 * connection keeps its latest store: false response in memory for `previous_response_id`.
 */
export class ResponsesSocketSession {
  private readonly queue: NormalizedRequest[] = [];
  private readonly local = new MostRecentResponse();
  private readonly abort = new AbortController();
  private busy = false;
  private current: SocketEventWriter | undefined;
  /** why no new turn may start, once one of the limits says so */
  private stopping: { code: number; reason: string; error: GatewayError } | undefined;
  private alive = true;
  private readonly timers: NodeJS.Timeout[] = [];
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: WebSocket,
    private readonly responses: ResponsesService,
    private readonly options: SocketSessionOptions,
  ) {
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        for (const timer of this.timers) clearInterval(timer);
        this.abort.abort();
        this.current?.end();
        resolve();
      });
    });
    // ws emits 'error' for protocol violations and then closes the connection; nothing else to do here.
    socket.on('error', () => undefined);
    socket.on('pong', () => (this.alive = true));
    socket.on('message', (data) => this.receive(data));
    this.timers.push(setInterval(() => this.keepAlive(), options.pingIntervalMs).unref());
    this.timers.push(
      setTimeout(
        () =>
          this.stop(NORMAL, 'connection limit reached', new GatewayError({
            status: 400,
            type: 'invalid_request',
            code: 'websocket_connection_limit_reached',
            message: `this WebSocket connection reached its limit of ${Math.round(options.maxConnectionAgeMs / 60_000)} minutes; open a new one`,
            origin: 'client',
          })),
        options.maxConnectionAgeMs,
      ).unref(),
    );
  }

  /** Shutdown: queued turns are refused, the one in flight finishes, then a close frame (1001). */
  drain(): Promise<void> {
    this.stop(GOING_AWAY, 'server shutting down', new GatewayError({
      status: 503,
      type: 'service_unavailable',
      code: 'server_shutting_down',
      message: 'the gateway is shutting down; reconnect and send this again',
      retryable: true,
      retryAfter: 1,
      origin: 'gateway',
    }));
    return this.closed;
  }

  terminate(): void {
    this.socket.terminate();
  }

  private receive(data: RawData): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.stopping) return this.sendError(this.stopping.error);
    const event = readClientEvent(Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data));
    if (!event.ok) return this.sendError(event.error);
    if (this.busy && this.queue.length >= this.options.maxPendingRequests) {
      return this.sendError(new GatewayError({
        status: 429,
        type: 'too_many_requests',
        code: 'too_many_pending_requests',
        message: `at most ${this.options.maxPendingRequests} response.create messages may wait behind the one in flight (server.websocket.max_pending_requests); open another connection for parallel runs`,
        origin: 'client',
      }));
    }
    this.queue.push(event.request);
    void this.run();
  }

  private async run(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let request = this.queue.shift(); request; request = this.queue.shift()) {
        if (this.socket.readyState !== this.socket.OPEN) return;
        await this.turn(request);
      }
    } finally {
      this.busy = false;
    }
    if (this.stopping) this.close();
  }

  private async turn(request: NormalizedRequest): Promise<void> {
    const turn = this.options.beginTurn(request);
    const refused = await turn.admit();
    if (refused) {
      this.sendError(refused);
      turn.end(refused.status, true, refused);
      return;
    }
    const writer = new SocketEventWriter(this.socket);
    this.current = writer;
    let failure: GatewayError | undefined;
    try {
      await this.responses.createStream(request, { owner: this.options.owner, signal: this.abort.signal, scope: turn.scope, local: this.local }, writer);
    } catch (error) {
      if (!(error instanceof ClientAbortedError) && !this.abort.signal.aborted) {
        failure = GatewayError.from(error);
        this.sendError(failure);
      }
    } finally {
      this.current = undefined;
    }
    const failed = failure !== undefined || writer.outcome === 'failed';
    if (failed && request.previousResponseId) this.local.evict(request.previousResponseId);
    turn.end(failure?.status ?? (this.abort.signal.aborted && !writer.outcome ? 499 : 200), failed, failure);
  }

  private stop(code: number, reason: string, error: GatewayError): void {
    if (this.stopping) return;
    this.stopping = { code, reason, error };
    for (let request = this.queue.shift(); request; request = this.queue.shift()) this.sendError(error);
    if (!this.busy) this.close();
  }

  private close(): void {
    const stopping = this.stopping;
    if (!stopping || this.socket.readyState !== this.socket.OPEN) return;
    if (stopping.error.code === 'websocket_connection_limit_reached') this.sendError(stopping.error);
    this.socket.close(stopping.code, stopping.reason);
  }

  /** A ping per interval; a peer that did not answer the previous one is gone (a half-open TCP connection). */
  private keepAlive(): void {
    if (!this.alive) {
      this.socket.terminate();
      return;
    }
    this.alive = false;
    this.socket.ping();
  }

  private sendError(error: GatewayError): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(encodeErrorEvent(error));
  }
}
