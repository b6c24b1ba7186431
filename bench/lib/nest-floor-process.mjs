// The framework floor, run as its own process by the bench: the SDK-only floor's `openai` SDK call (on the
// gateway's own upstream fetch) inside the smallest NestJS application on @nestjs/platform-express, the design
// card's framework with its defaults: one controller, Nest's own JSON body parser, the result returned for Nest to
// serialize (or, for `stream: true`, the SDK's events written as SSE). Between this and the SDK-only floor is what
// the framework itself costs per request; between this and the gateway is what the gateway's own code adds.
// Prints one JSON line {"port": N} once listening.
// Usage: node bench/lib/nest-floor-process.mjs <dist dir> <upstream base URL, e.g. http://127.0.0.1:PORT/v1> <api key>
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { stopWithBench } from './stop-with-bench.mjs';

const [distArg, baseURL, apiKey] = process.argv.slice(2);
if (!distArg || !baseURL || !apiKey) {
  process.stderr.write('usage: nest-floor-process.mjs <dist dir> <upstream base URL> <api key>\n');
  process.exit(2);
}
const dist = resolve(distArg);
// Nest and the SDK as the gateway resolves them, not whichever copies are nearest to this file.
const requireFromGateway = createRequire(join(dist, 'apps/gateway/src/main.js'));
requireFromGateway('reflect-metadata');
const { Body, Controller, Module, Post, Res } = requireFromGateway('@nestjs/common');
const { NestFactory } = requireFromGateway('@nestjs/core');
const { createUpstreamFetch } = requireFromGateway(join(dist, 'libs/providers/src/upstream-fetch.js'));
const OpenAI = createRequire(join(dist, 'libs/providers/src/openai/openai.provider.js'))('openai').default;

// the gateway's OpenAI provider options (openAIClientOptions): its fetch, no SDK retries, 120 s timeout
const client = new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: 120_000, fetch: createUpstreamFetch() });

class ResponsesController {
  async create(params, res) {
    if (params.stream !== true) {
      res.status(200);
      return client.responses.create(params);
    }
    const stream = await client.responses.create(params);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for await (const event of stream) res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    res.end();
    return undefined;
  }
}
// The decorators a TypeScript controller would carry, applied by hand (this file is not compiled).
const method = Object.getOwnPropertyDescriptor(ResponsesController.prototype, 'create');
Body()(ResponsesController.prototype, 'create', 0);
Res({ passthrough: true })(ResponsesController.prototype, 'create', 1);
Post('responses')(ResponsesController.prototype, 'create', method);
Controller('v1')(ResponsesController);

class FloorModule {}
Module({ controllers: [ResponsesController] })(FloorModule);

const app = await NestFactory.create(FloorModule, { logger: false });
app.getHttpAdapter().getInstance().set('etag', false);
const server = await app.listen(0, '127.0.0.1');
server.keepAliveTimeout = 60_000;
process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);

stopWithBench(() => {
  server.closeAllConnections();
  return app.close();
});
