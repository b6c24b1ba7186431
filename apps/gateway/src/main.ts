import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { ConfigFileError, ConfigValidationError, GatewayConfig, loadConfig } from '@latticelm/config';
import { installGracefulShutdown } from '@latticelm/traffic';
import { createGatewayApp } from './create-gateway-app';
import { serviceUrls } from './service-urls';

async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigValidationError || error instanceof ConfigFileError)) throw error;
    process.stderr.write(`latticelm: ${error.message}\n`);
    process.exit(2);
  }
  if (process.argv.includes('--check-config')) {
    // For CI and deployment hooks: the same validation as start-up, without opening ports or stores.
    process.stdout.write(`latticelm: configuration is valid (${config.source})\n`);
    process.exit(0);
  }
  const app = await createGatewayApp(config);
  // A promise some library forgot to handle must not take every in-flight request down with the process.
  process.on('unhandledRejection', (reason) => {
    new Logger('Process').error(`unhandled promise rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
  });
  // Our own orderly stop (drain, then close) instead of Nest's shutdown hooks, which close at once.
  installGracefulShutdown(app, { timeoutMs: config.server.shutdownTimeoutMs });
  if (config.server.host) await app.listen(config.server.port, config.server.host);
  else await app.listen(config.server.port);
  const providers = Object.keys(config.providers);
  const logger = new Logger('Gateway');
  logger.log(
    `listening on http://${config.server.host || '[::]'}:${config.server.port} (config: ${config.source}; providers: ${providers.length ? providers.join(', ') : 'none'})`,
  );
  const bound = app.getHttpServer().address() as AddressInfo;
  for (const { name, url } of serviceUrls(config, bound.port)) logger.log(`${name}: ${url}`);
}

main().catch((error: unknown) => {
  // Start-up failures we describe ourselves (store unreachable…) need no stack trace; anything else does.
  const described = error instanceof Error && error.name.endsWith('UnavailableError');
  process.stderr.write(`latticelm: failed to start: ${error instanceof Error ? (described ? error.message : error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
