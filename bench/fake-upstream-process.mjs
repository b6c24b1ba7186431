// Runs the compiled FakeOpenAI (test/fakes) as its own process for the benchmark, so the load generator, the
// gateway and the upstream do not share an event loop. Prints one JSON line {"port": N} once listening.
// Usage: node bench/fake-upstream-process.mjs <dist dir> <api key> <stream chunks>
import { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { stopWithBench } from './lib/stop-with-bench.mjs';

const [distArg, apiKey = 'bench-key', chunkArg = '20'] = process.argv.slice(2);
if (!distArg) {
  process.stderr.write('usage: fake-upstream-process.mjs <dist dir> [api key] [stream chunks]\n');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const { FakeOpenAI } = require(join(resolve(distArg), 'test/fakes/fake-openai.js'));

const chunkCount = Math.max(1, Number(chunkArg) || 20);
const chunks = Array.from({ length: chunkCount }, (_, index) => `word${index} `);
const fake = new FakeOpenAI('openai', apiKey);
// One default answers everything: the JSON body carries the joined text, a stream sends it in `chunkCount` deltas.
fake.setDefault({ kind: 'text', text: chunks.join(''), chunks });
announceStreamStarts();
await fake.start(0);

// The fake records every request for tests; over 100k+ bench requests that would be the fake's own leak.
setInterval(() => {
  fake.requests.length = 0;
}, 250).unref();

const port = Number(new URL(fake.url).port);
process.stdout.write(`${JSON.stringify({ port })}\n`);

/**
 * The streaming phase measures the time from the upstream's first byte to the client's first event: for every
 * streamed answer, one stdout line with the monotonic time (process.hrtime, the same clock in every process on
 * this machine) just after its first bytes (the headers) went to the socket. The bench runs streams one at a time,
 * so the n-th line belongs to the n-th stream it started.
 */
function announceStreamStarts() {
  const started = new WeakSet();
  const mark = (res) => {
    // writeHead(status, headers) keeps no getHeader() view; the header block it wrote says what the answer is
    if (started.has(res) || !res.headersSent || !/content-type: text\/event-stream/i.test(res._header ?? '')) return;
    started.add(res);
    process.stdout.write(`${JSON.stringify({ stream_first_byte_ns: String(process.hrtime.bigint()) })}\n`);
  };
  for (const method of ['flushHeaders', 'write']) {
    const original = ServerResponse.prototype[method];
    ServerResponse.prototype[method] = function (...args) {
      const result = original.apply(this, args);
      mark(this);
      return result;
    };
  }
}

stopWithBench(() => fake.stop());
