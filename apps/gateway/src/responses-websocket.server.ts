import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IncomingMessage, STATUS_CODES, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ANONYMOUS_OWNER, CACHE_HEADER, GatewayError, NormalizedRequest, ResponseCacheDirective } from '@latticelm/api';
import { UpgradeAuthenticator, UpgradeIdentity } from '@latticelm/auth';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { RequestObserver } from '@latticelm/observability';
import { ResponseCache } from '@latticelm/response-cache';
import { ResponsesService, ResponsesSocketSession, SocketTurn } from '@latticelm/responses';
import { ShutdownState, SocketRateLimiter } from '@latticelm/traffic';

const PATH = '/v1/responses';

/**
 * Open Responses over WebSocket: the HTTP server's `upgrade` event on /v1/responses, authenticated like any
 * /v1 request, then one ResponsesSocketSession per connection. Nothing here is on the HTTP request path, and with
 * `server.websocket.enabled: false` no listener is installed (Node then refuses every upgrade).
 */
@Injectable()
export class ResponsesWebSocketServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebSocket');
  private readonly sessions = new Set<ResponsesSocketSession>();
  private wss: WebSocketServer | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly responses: ResponsesService,
    private readonly authenticator: UpgradeAuthenticator,
    private readonly shutdown: ShutdownState,
    private readonly rateLimiter: SocketRateLimiter,
    private readonly observer: RequestObserver,
    @Optional() private readonly cache?: ResponseCache,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.server.websocket.enabled) return;
    // A frame larger than a request body may be is refused by ws with close code 1009 (message too big).
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.config.server.maxRequestBodySize, perMessageDeflate: false });
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.upgrade(req, socket, head));
    this.shutdown.register({
      drain: () => Promise.all([...this.sessions].map((session) => session.drain())).then(() => undefined),
      terminate: () => {
        for (const session of this.sessions) session.terminate();
      },
    });
  }

  /** app.close() without a drain first (tests, a failed start-up): nothing may keep the HTTP server open. */
  beforeApplicationShutdown(): void {
    for (const session of this.sessions) session.terminate();
    this.wss?.close();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const path = (req.url ?? '/').split('?')[0];
    if (path !== PATH) return refuse(socket, GatewayError.notFound(`No WebSocket endpoint at ${path.slice(0, 256)}; use ${PATH}`, 'route_not_found'));
    if (this.shutdown.draining) return refuse(socket, shuttingDown());
    let identity: UpgradeIdentity;
    let cache: ResponseCacheDirective | undefined;
    try {
      identity = await this.authenticator.authenticate(req);
      // the connection's principal and headers hold for every turn on it: one cache directive for them all
      cache = this.cache?.directiveFor(identity.principal, req.headers[CACHE_HEADER]);
    } catch (error) {
      return refuse(socket, GatewayError.from(error));
    }
    if (socket.destroyed || !this.wss) return;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new ResponsesSocketSession(ws, this.responses, {
        owner: identity.principal?.subject ?? ANONYMOUS_OWNER,
        pingIntervalMs: this.config.server.websocket.pingIntervalMs,
        maxConnectionAgeMs: this.config.server.websocket.maxConnectionAgeMs,
        maxPendingRequests: this.config.server.websocket.maxPendingRequests,
        beginTurn: (request) => this.beginTurn(req, request, identity, cache),
      });
      this.sessions.add(session);
      void session.closed.then(() => this.sessions.delete(session));
      // Draining began while this connection was being authenticated: it gets its close frame at once.
      if (this.shutdown.draining) void session.drain();
    });
  }

  /**
   * One turn: the per-client rate limit, then — for a connection a gateway key opened — the key's model list,
   * budgets and limits, as an HTTP request passes them; what they reserve is settled when the turn ends.
   */
  private beginTurn(upgrade: IncomingMessage, request: NormalizedRequest, identity: UpgradeIdentity, cache: ResponseCacheDirective | undefined): SocketTurn {
    const { principal, admitTurn } = identity;
    const observed = this.observer.beginSocketTurn(request.model, principal, request);
    const { scope } = observed;
    if (cache) scope.responseCache = cache;
    else if (this.cache) this.cache.count('bypass');
    let finish: (() => void) | undefined;
    return {
      scope,
      admit: async () => {
        const limited = await this.rateLimiter.take(upgrade);
        if (limited || !admitTurn) return limited;
        try {
          finish = (await admitTurn(request, scope)).finish;
          return undefined;
        } catch (error) {
          return GatewayError.from(error);
        }
      },
      end: (status, failed, error) => {
        finish?.();
        if (error && error.status >= 500 && error.origin === 'gateway') {
          const cause = error.cause;
          this.logger.error(`${error.message}${cause instanceof Error ? `: ${cause.stack ?? cause.message}` : ''}`, { request_id: observed.scope.requestId });
        }
        observed.end(status, failed);
      },
    };
  }
}

/** An upgrade refused before the handshake: an HTTP answer with the Open Responses error body, then close. */
function refuse(socket: Duplex, error: GatewayError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.toBody());
  const headers = { ...error.responseHeaders(), 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  const head = [`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

function shuttingDown(): GatewayError {
  return new GatewayError({
    status: 503,
    type: 'service_unavailable',
    code: 'server_shutting_down',
    message: 'the gateway is shutting down; connect again',
    retryable: true,
    retryAfter: 1,
    origin: 'gateway',
  });
}
