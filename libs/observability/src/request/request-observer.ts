import { Inject, Injectable, Optional } from '@nestjs/common';
import { Context, ROOT_CONTEXT, SpanKind, SpanStatusCode, Tracer, context, propagation, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { MODEL_ROUTES, Principal, RequestScope, UsageRecorder, attachRequestScope, knownCost } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { GatewayLogger } from '../logging/gateway-logger';
import { CallerLabels } from '../metrics/caller-labels';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { ModelLabels } from '../metrics/model-labels';
import { OBSERVABILITY_TRACER } from '../tracing/tracer.token';
import type { RequestObservation } from './request-context';
import { requestIdFrom } from './request-id';

const OBSERVATION = Symbol('latticelm.observation');
const TRACE_CONTEXT = Symbol('latticelm.traceContext');

interface ObservedRequest extends Request {
  [OBSERVATION]?: RequestObservation;
  [TRACE_CONTEXT]?: Context;
}

/** nginx's "client closed request": the client went away before the answer was complete. */
const CLIENT_CLOSED = 499;

/**
 * Per-request observability as two Express middlewares around the body reader:
 * `begin` (first) assigns the request id, starts the server span and arranges the access line and HTTP metrics
 * for when the response closes, so even requests refused by the body reader are seen; `enter` (after the body
 * is read) notes the requested model and re-enters the trace context when tracing is on. The observation is
 * attached to the request as its RequestScope, which the controller hands down the pipeline explicitly.
 */
@Injectable()
export class RequestObserver {
  private readonly logger: GatewayLogger;
  /** probes and scrapes come every few seconds: logged and counted, but not traced */
  private readonly untraced: ReadonlySet<string>;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly labels: ModelLabels,
    @Optional() @Inject(GatewayMetrics) private readonly metrics: GatewayMetrics | null,
    @Inject(OBSERVABILITY_TRACER) private readonly tracer: Tracer | null,
    @Optional() @Inject(CallerLabels) private readonly callers: CallerLabels | null,
    @Optional() @Inject(UsageRecorder) private readonly usage: UsageRecorder | null,
  ) {
    this.logger = new GatewayLogger(config.logging);
    this.untraced = new Set(['/health', '/ready', config.observability.metrics.path]);
  }

  readonly begin = (req: ObservedRequest, res: Response, next: NextFunction): void => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const url = req.originalUrl ?? req.url;
    const query = url.indexOf('?');
    const observation: RequestObservation = {
      requestId,
      method: req.method,
      path: (query === -1 ? url : url.slice(0, query)).slice(0, 256),
      startedAt: performance.now(),
      stream: false,
    };
    if (this.tracer && !this.untraced.has(observation.path)) {
      const parent = propagation.extract(ROOT_CONTEXT, req.headers);
      observation.span = this.tracer.startSpan(
        req.method,
        {
          kind: SpanKind.SERVER,
          attributes: { 'http.request.method': req.method, 'url.path': observation.path, 'latticelm.request_id': requestId },
        },
        parent,
      );
      req[TRACE_CONTEXT] = trace.setSpan(parent, observation.span);
    }
    req[OBSERVATION] = observation;
    attachRequestScope(req, observation);
    res.once('close', () => this.finish(req, res, observation));
    next();
  };

  readonly enter = (req: ObservedRequest, _res: Response, next: NextFunction): void => {
    const observation = req[OBSERVATION];
    if (!observation) return next();
    const body: unknown = req.body;
    if (body !== null && typeof body === 'object') {
      const { model, stream } = body as { model?: unknown; stream?: unknown };
      if (typeof model === 'string') observation.requestedModel = model.slice(0, 128);
      observation.stream = stream === true;
    }
    // The body reader resumed from socket events that lost the trace context; with tracing off there is none.
    const traceContext = req[TRACE_CONTEXT];
    if (traceContext) context.with(traceContext, next);
    else next();
  };

  /**
   * One WebSocket turn (a `response.create` on a connection): a request id of its own, the response metrics of a
   * streamed POST, an access line with method `WS` and a usage record. `caller` is who opened the connection;
   * `body` the turn's request (read for prompts only). `end` takes the turn's HTTP-style status (its error event's,
   * or 200) and whether it ended failed.
   */
  beginSocketTurn(model: string, caller?: Principal, body?: unknown): { scope: RequestScope; end(status: number, failed: boolean): void } {
    const observation: RequestObservation = {
      requestId: requestIdFrom(undefined),
      method: 'WS',
      path: SOCKET_ROUTE,
      startedAt: performance.now(),
      stream: true,
      requestedModel: model.slice(0, 128),
    };
    if (caller) {
      observation.caller = caller.subject;
      if (caller.apiKey) observation.apiKey = caller.apiKey;
    }
    return {
      scope: observation,
      end: (status, failed) => {
        const seconds = (performance.now() - observation.startedAt) / 1000;
        if (failed) observation.streamFailed = true;
        this.usage?.record({
          scope: observation,
          route: SOCKET_USAGE_ROUTE,
          status,
          stream: true,
          latencyMs: seconds * 1000,
          startedAt: observation.startedAt,
          requestedModel: observation.requestedModel,
          body,
        });
        const outcome = failed && status === 200 ? 'failed' : String(status);
        this.metrics?.recordResponse(observation.provider ?? 'none', this.labels.forName(observation.model ?? model), outcome, true, seconds, this.callers?.forCaller(observation.caller));
        this.logger.write(status >= 500 ? 'warn' : 'info', 'request', {
          request_id: observation.requestId,
          method: 'WS',
          route: SOCKET_ROUTE,
          path: SOCKET_ROUTE,
          status,
          latency_ms: Math.round(seconds * 10_000) / 10,
          provider: observation.provider,
          model: observation.model ?? observation.requestedModel,
          stream: true,
          outcome: failed && status === 200 ? 'failed' : undefined,
          cost_usd: knownCost(observation),
          cache: observation.cacheStatus,
        }, 'Access');
      },
    };
  }

  private finish(req: Request, res: Response, observation: RequestObservation): void {
    const aborted = !res.writableFinished;
    const status = aborted ? CLIENT_CLOSED : res.statusCode;
    const seconds = (performance.now() - observation.startedAt) / 1000;
    const route = routeOf(req);
    const statusLabel = String(status);
    // The HTTP status of a stream is sent before its outcome is known; the response metrics say how it ended.
    const responseStatus = observation.streamFailed ? 'failed' : statusLabel;
    if (this.metrics) {
      this.metrics.recordHttp(observation.method, route, statusLabel, seconds);
      if (observation.requestedModel !== undefined && route !== UNMATCHED) {
        const model = this.labels.forName(observation.model ?? observation.requestedModel);
        const caller = this.callers?.forCaller(observation.caller);
        this.metrics.recordResponse(observation.provider ?? 'none', model, responseStatus, observation.stream, seconds, caller);
      }
    }
    if (this.usage && observation.requestedModel !== undefined && status !== 401 && MODEL_ROUTES.has(route)) {
      // a request refused for its credential is nobody's usage (and would let anyone write to the log)
      this.usage.record({
        scope: observation,
        route: `${observation.method} ${route}`,
        status,
        stream: observation.stream,
        latencyMs: seconds * 1000,
        startedAt: observation.startedAt,
        requestedModel: observation.requestedModel,
        body: req.body,
      });
    }
    const span = observation.span;
    if (span) {
      span.updateName(route === UNMATCHED ? observation.method : `${observation.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      const model = observation.model ?? observation.requestedModel;
      if (model !== undefined) span.setAttribute('latticelm.model', model);
      if (observation.provider !== undefined) span.setAttribute('latticelm.provider', observation.provider);
      if (this.callers && observation.caller !== undefined) span.setAttribute('user.id', observation.caller);
      const cost = knownCost(observation);
      if (cost !== undefined) span.setAttribute('latticelm.cost_usd', cost);
      if (observation.cacheStatus !== undefined) span.setAttribute('latticelm.response_cache', observation.cacheStatus);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    this.logger.write(status >= 500 ? 'warn' : 'info', 'request', {
      request_id: observation.requestId,
      method: observation.method,
      route,
      path: observation.path,
      status,
      latency_ms: Math.round(seconds * 10_000) / 10,
      provider: observation.provider,
      model: observation.model ?? observation.requestedModel,
      stream: observation.requestedModel !== undefined ? observation.stream : undefined,
      aborted: aborted || undefined,
      outcome: observation.streamFailed ? 'failed' : undefined,
      cost_usd: knownCost(observation),
      cache: observation.cacheStatus,
      trace_id: span?.spanContext().traceId,
    }, 'Access');
  }
}

const UNMATCHED = 'unmatched';
const SOCKET_ROUTE = '/v1/responses';
const SOCKET_USAGE_ROUTE = `WS ${SOCKET_ROUTE}`;

/** The route template (`/v1/responses/:id`), never the raw path, so labels stay bounded. */
function routeOf(req: Request): string {
  const route: unknown = (req as { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' ? `${req.baseUrl ?? ''}${route}` : UNMATCHED;
}
