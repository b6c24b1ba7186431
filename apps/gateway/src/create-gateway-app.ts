import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { GatewayConfig } from '@latticelm/config';
import { AppModule } from './app.module';
import { jsonBodyReader } from './json-body-reader';

const LEVELS: Record<GatewayConfig['logging']['level'], LogLevel[]> = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
};

/** Builds the whole gateway application (not yet listening); used by main.ts and the e2e tests alike. */
export async function createGatewayApp(config: GatewayConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: LEVELS[config.logging.level],
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(jsonBodyReader(config.server.maxRequestBodySize));
  app.enableShutdownHooks();
  return app;
}
