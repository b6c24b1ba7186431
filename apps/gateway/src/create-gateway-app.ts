import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { GatewayConfig } from '@latticelm/config';
import { GatewayLogger, RequestObserver, startTracing } from '@latticelm/observability';
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
  const observer = app.get(RequestObserver);
  app.use(observer.begin);
  app.use(jsonBodyReader(config.server.maxRequestBodySize));
  app.use(observer.enter);
  return app;
}
