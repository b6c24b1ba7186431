// The SDK-only floor, run as its own process by the bench: a bare node:http server that answers each
// POST /v1/responses by making the same `openai` SDK `responses.create` call the gateway makes, on the gateway's
// own upstream fetch (required from the built dist/, so it is the same code), and writes the SDK's result back —
// the JSON answer, or for `stream: true` the SDK's events as SSE. No validation, no store, no layers: what the
// gateway costs beyond this is what its own code adds. Prints one JSON line {"port": N} once listening.
// Usage: node bench/lib/sdk-only-process.mjs <dist dir> <upstream base URL, e.g. http://127.0.0.1:PORT/v1> <api key>
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { stopWithBench } from './stop-with-bench.mjs';

const [distArg, baseURL, apiKey] = process.argv.slice(2);
if (!distArg || !baseURL || !apiKey) {
  process.stderr.write('usage: sdk-only-process.mjs <dist dir> <upstream base URL> <api key>\n');
  process.exit(2);
}
const dist = resolve(distArg);
const { createUpstreamFetch } = createRequire(import.meta.url)(join(dist, 'libs/providers/src/upstream-fetch.js'));
// The `openai` copy the gateway's OpenAI provider resolves, not whichever one is nearest to this file.
const OpenAI = createRequire(join(dist, 'libs/providers/src/openai/openai.provider.js'))('openai').default;

// The options the gateway's OpenAI provider passes (openAIClientOptions): its fetch, no SDK retries, the default
// 120 s provider request timeout.
const client = new OpenAI({ apiKey, baseURL, maxRetries: 0, timeout: 120_000, fetch: createUpstreamFetch() });

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function answer(req, res) {
  const params = await readJson(req);
  if (params.stream === true) {
    const stream = await client.responses.create(params);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for await (const event of stream) res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    res.end();
    return;
  }
  const body = JSON.stringify(await client.responses.create(params));
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/v1/responses') {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"only POST /v1/responses"}');
    return;
  }
  answer(req, res).catch((error) => {
    const message = JSON.stringify({ error: String(error?.message ?? error) });
    if (res.headersSent) res.destroy();
    else res.writeHead(502, { 'content-type': 'application/json' }).end(message);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));

stopWithBench(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});
