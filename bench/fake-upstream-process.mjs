// Runs the compiled FakeOpenAI (test/fakes) as its own process for the benchmark, so the load generator, the
// gateway and the upstream do not share an event loop. Prints one JSON line {"port": N} once listening.
// Usage: node bench/fake-upstream-process.mjs <dist dir> <api key> <stream chunks>
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

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
await fake.start(0);

// The fake records every request for tests; over 100k+ bench requests that would be the fake's own leak.
setInterval(() => {
  fake.requests.length = 0;
}, 250).unref();

const port = Number(new URL(fake.url).port);
process.stdout.write(`${JSON.stringify({ port })}\n`);

const stop = () => {
  fake.stop().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The bench talks to us over stdin only to tell us it went away: exit with it.
process.stdin.on('end', stop);
process.stdin.resume();
