#!/usr/bin/env node
// The load benchmark (`npm run bench`): a fake OpenAI upstream and the built gateway as child processes,
// measured for throughput, streaming TTFE, sequential added latency and RSS; writes bench/REPORT.md and
// bench/results/latest.json, and profiles the gateway when a goal is missed. Knobs: see bench/lib/settings.mjs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEnvironment } from './lib/environment.mjs';
import { API_KEY, MODEL, checkDist, startFake, startGateway } from './lib/gateway-process.mjs';
import { judge } from './lib/goals.mjs';
import { measureRss } from './lib/memory.mjs';
import { killAllNow, rssMb, stopAll, stopChild } from './lib/processes.mjs';
import { profileGateway } from './lib/profile-run.mjs';
import { readingOf } from './lib/reading.mjs';
import { renderReport } from './lib/report.mjs';
import { measureSequential } from './lib/sequential.mjs';
import { readSettings } from './lib/settings.mjs';
import { measureStreaming } from './lib/streaming.mjs';
import { measureThroughput, withCpuPerRequest } from './lib/throughput.mjs';
import { keepAliveAgent, timedPost } from './lib/http-client.mjs';

const settings = readSettings();
const began = Date.now();
const log = (message) => process.stderr.write(`[bench +${((Date.now() - began) / 1000).toFixed(1)}s] ${message}\n`);
const workDir = mkdtempSync(join(tmpdir(), 'latticelm-bench-'));

process.on('exit', () => {
  killAllNow();
  rmSync(workDir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`${signal}: stopping children`);
    stopAll().finally(() => process.exit(130));
  });
}
const deadline = setTimeout(() => {
  log(`deadline of ${settings.deadlineSeconds} s reached: stopping children (raise BENCH_DEADLINE_SECONDS or lower the load)`);
  stopAll().finally(() => process.exit(1));
}, settings.deadlineSeconds * 1000);

const body = (fields) => Buffer.from(JSON.stringify({ input: 'Say hello.', ...fields }));
const direct = { name: 'direct', path: '/v1/responses', headers: { authorization: `Bearer ${API_KEY}` } };
const gateway = { name: 'gateway', path: '/v1/responses', headers: {} };
const bodies = {
  direct: body({ model: 'gpt-bench' }),
  gateway: body({ model: MODEL }),
  gatewayStoreFalse: body({ model: MODEL, store: false }),
  directStream: body({ model: 'gpt-bench', stream: true }),
  gatewayStream: body({ model: MODEL, stream: true }),
};

/** One request each way before measuring, so a misconfiguration fails loudly instead of as 100% non-2xx. */
async function smokeTest() {
  const agent = keepAliveAgent(1);
  try {
    for (const [target, payload] of [[direct, bodies.direct], [gateway, bodies.gateway], [gateway, bodies.gatewayStream]]) {
      const result = await timedPost({ ...target, agent }, payload, { stream: payload === bodies.gatewayStream });
      if (result.status !== 200 || !result.text.includes('word0')) throw new Error(`smoke test ${target.name}: HTTP ${result.status}: ${result.text.slice(0, 300)}`);
    }
  } finally {
    agent.destroy();
  }
}

async function main() {
  checkDist(settings.dist);
  const environment = describeEnvironment(settings);
  log(`node ${environment.nodeVersion}, dist ${settings.dist}, ${environment.cores} cores, load ${environment.loadAverageAtStart.join('/')}`);
  const fake = await startFake(settings);
  direct.port = fake.port;
  let gw = await startGateway(settings, fake.port, workDir);
  gateway.port = gw.port;
  const results = { settings, environment, idleRssMb: rssMb(gw.handle.pid), throughput: {} };
  log(`fake on :${fake.port}, gateway on :${gw.port} (pid ${gw.handle.pid}, RSS ${results.idleRssMb} MB)`);
  await smokeTest();

  const load = { connections: settings.connections, seconds: settings.seconds, warmupSeconds: settings.warmupSeconds };
  const pids = { fake: fake.handle.pid, gateway: gw.handle.pid };
  const rssOptions = { connections: settings.connections, requests: settings.rssRequests, samples: settings.rssSamples, handle: gw.handle, gcAtSamples: settings.rssGcAtSamples };
  if (settings.phases.has('rss') && settings.rssStoreFalseRun) {
    log(`(d) RSS over ${settings.rssRequests} requests with store: false (nothing stored yet)`);
    results.memoryStoreFalse = await withCpuPerRequest(pids, () => measureRss(gateway, bodies.gatewayStoreFalse, rssOptions));
    log(`    RSS ${results.memoryStoreFalse.points.map((point) => point.rssMb).join(' → ')} MB`);
  }
  if (settings.phases.has('throughput')) {
    log('(a) throughput direct');
    results.throughput.direct = await measureThroughput(direct, bodies.direct, load, pids);
    log(`    ${results.throughput.direct.reqPerSec} req/s, fake ${results.throughput.direct.cpuUsPerRequest.fake} µs CPU/req; (a) throughput through the gateway`);
    results.throughput.gateway = await measureThroughput(gateway, bodies.gateway, load, pids);
    log(`    ${results.throughput.gateway.reqPerSec} req/s, gateway ${results.throughput.gateway.cpuUsPerRequest.gateway} µs CPU/req`);
    if (settings.storeFalseRun) {
      log('(a) throughput through the gateway, store: false');
      results.throughput.gatewayStoreFalse = await measureThroughput(gateway, bodies.gatewayStoreFalse, { ...load, warmupSeconds: 0 }, pids);
      log(`    ${results.throughput.gatewayStoreFalse.reqPerSec} req/s`);
    }
  }
  const gatewayPid = { gateway: gw.handle.pid };
  if (settings.phases.has('sequential')) {
    log(`(c) sequential latency, ${settings.sequentialRequests} requests per target`);
    results.sequential = await withCpuPerRequest(gatewayPid, () =>
      measureSequential({ ...direct, body: bodies.direct }, { ...gateway, body: bodies.gateway }, settings.sequentialRequests),
    );
    log(`    added mean ${results.sequential.addedMs.mean.toFixed(3)} ms, p99 ${results.sequential.addedMs.p99.toFixed(3)} ms`);
  }
  if (settings.phases.has('streaming')) {
    log(`(b) streaming, ${settings.streams} streams per target`);
    results.streaming = await withCpuPerRequest(gatewayPid, () =>
      measureStreaming({ ...direct, body: bodies.directStream }, { ...gateway, body: bodies.gatewayStream }, settings.streams),
    );
    log(`    added TTFE p50 ${results.streaming.ttfeMs.added.p50.toFixed(3)} ms`);
  }
  if (settings.phases.has('rss')) {
    log(`(d) RSS over ${settings.rssRequests} requests, stored in memory`);
    results.memory = await withCpuPerRequest(pids, () => measureRss(gateway, bodies.gateway, rssOptions));
    log(`    RSS ${results.memory.points.map((point) => point.rssMb).join(' → ')} MB`);
  }

  let verdicts = judge(results);
  // A CPU profile explains throughput and latency misses; it says nothing about memory.
  const missed = verdicts.filter((verdict) => !verdict.pass && verdict.kind === 'cpu');
  if (settings.profile ?? missed.length > 0) {
    const reason = settings.profile ? 'BENCH_PROFILE=1' : `goal${missed.length > 1 ? 's' : ''} missed: ${missed.map((verdict) => verdict.goal).join('; ')}`;
    log(`profiling the gateway (${reason})`);
    await stopChild(gw.handle);
    try {
      gw = await startGateway(settings, fake.port, workDir, { label: 'gateway (profiled)' });
      gateway.port = gw.port;
      const dir = join(settings.resultsDir, 'profiles');
      mkdirSync(dir, { recursive: true });
      results.profile = { reason, ...(await profileGateway(gw.handle, gateway, bodies.gateway, { ...load, seconds: settings.profileSeconds, dir })) };
    } catch (error) {
      results.profile = { reason, error: error instanceof Error ? error.message : String(error) };
    }
  }
  await stopAll();
  results.loadAverageAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);
  results.verdicts = verdicts = judge(results);
  results.reading = readingOf(results);
  mkdirSync(settings.resultsDir, { recursive: true });
  writeFileSync(join(settings.resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(settings.reportPath, renderReport(results, verdicts));
  for (const verdict of verdicts) log(`${verdict.pass ? 'PASS' : 'MISS'}  ${verdict.goal}: ${verdict.measured}`);
  log(`wrote ${settings.reportPath} and ${join(settings.resultsDir, 'latest.json')}`);
}

main()
  .then(() => {
    clearTimeout(deadline);
    process.exit(0);
  })
  .catch(async (error) => {
    log(`failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    await stopAll();
    process.exit(1);
  });
