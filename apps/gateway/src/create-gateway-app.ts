import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { GatewayConfig } from '@latticelm/config';
import { GatewayLogger, RequestObserver, startTracing } from '@latticelm/observability';
import { setupApiDocs } from './api-docs';
import { AppModule } from './app.module';
import { jsonBodyReader } from './json-body-reader';

/** Builds the whole gateway application (not yet listening); used by main.ts and the e2e tests alike. */
export async function createGatewayApp(config: GatewayConfig): Promise<NestExpressApplication> {
  // Before Nest boots, so every span has the SDK's context manager and propagator (no-op unless tracing is on).
  startTracing(config.observability);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: new GatewayLogger(config.logging),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('etag', false);
  if (config.server.corsOrigins.length > 0) {
    // Before the guards: a browser's preflight carries no token and must be answered here, not with a 401.
    app.enableCors({
      origin: config.server.corsOrigins.includes('*') ? true : [...config.server.corsOrigins],
      // Requested headers are reflected: the openai SDK in a browser sends a family of x-stainless-* headers.
      exposedHeaders: ['x-request-id', 'x-latticelm-dropped-parameters', 'x-latticelm-cache', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'],
      maxAge: 600,
    });
  }
  const observer = app.get(RequestObserver);
  const readBody = jsonBodyReader(config.server.maxRequestBodySize);
  // One middleware for the three steps: each Express router layer costs a visible share of a request.
  app.use((req: Request, res: Response, next: NextFunction) => observer.begin(req, res, () => readBody(req, res, () => observer.enter(req, res, next))));
  setupApiDocs(app, config);
  return app;
}
