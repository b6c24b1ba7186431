#!/usr/bin/env node
// The load benchmark (`npm run bench`): a fake OpenAI upstream and, in front of it, the targets measured side by
// side in one run — the SDK-only floor, Portkey, and the built gateway on its default configuration, with
// `store: false` requests and with the memory store — for throughput (alternated rounds), sequential added
// latency, streaming TTFE and RSS; writes bench/REPORT.md and bench/results/latest.json, and profiles the
// gateway when a goal is missed. Knobs: see bench/lib/settings.mjs.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEnvironment } from './lib/environment.mjs';
import { checkDist, streamStartFeed } from './lib/gateway-process.mjs';
import { judge } from './lib/goals.mjs';
import { measureRss } from './lib/memory.mjs';
import { killAllNow, rssMb, stopAll } from './lib/processes.mjs';
import { profileGateway } from './lib/profile-run.mjs';
import { readingOf } from './lib/reading.mjs';
import { renderReport } from './lib/report.mjs';
import { measureRounds } from './lib/rounds.mjs';
import { measureSequential } from './lib/sequential.mjs';
import { readSettings } from './lib/settings.mjs';
import { measureStreaming } from './lib/streaming.mjs';
import { onePerProcess, smokeTest, startTargets } from './lib/targets.mjs';
import { withCpuPerRequest } from './lib/throughput.mjs';

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

/** The default-config gateway's SQLite file (WAL included): evidence the default store really was SQLite. */
function sqliteFileOf(gateway) {
  const path = join(gateway.cwd, 'data/conversations.db');
  const size = (file) => (existsSync(file) ? statSync(file).size : 0);
  const bytes = size(path) + size(`${path}-wal`);
  return { path: 'data/conversations.db', exists: existsSync(path), mb: Math.round((bytes / 1024 / 1024) * 10) / 10 };
}

async function main() {
  checkDist(settings.dist);
  const environment = describeEnvironment(settings);
  log(`node ${environment.nodeVersion}, dist ${settings.dist}, ${environment.cores} cores, load ${environment.loadAverageAtStart.join('/')}`);
  log(`targets ${settings.targets.join(', ')}; gateway NODE_OPTIONS "${settings.gatewayNodeOptions}"`);
  const rss = settings.phases.has('rss');
  const { fake, servers, targets, available } = await startTargets(settings, workDir, log, { extraServers: rss ? ['gateway'] : [] });
  const upstreamStarts = streamStartFeed(fake.handle);
  await smokeTest(Object.values(available));
  const results = {
    settings: { ...settings, phases: [...settings.phases] },
    environment,
    targets: targets.map(({ id, label, server }) => ({ id, label, server })),
    idleRssMb: Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, rssMb(server.handle.pid)])),
  };

  const gateway = servers.gateway;
  const rssOptions = { connections: settings.connections, requests: settings.rssRequests, samples: settings.rssSamples, handle: gateway?.handle, gcAtSamples: settings.rssGcAtSamples };
  const rssPids = { gateway: gateway?.handle.pid, fake: fake.handle.pid };
  if (rss && settings.rssStoreFalseRun) {
    log(`(d) RSS of the default-config gateway over ${settings.rssRequests} requests with store: false (nothing stored yet)`);
    results.memoryStoreFalse = await withCpuPerRequest(rssPids, () => measureRss(available['gateway-store-false'], available['gateway-store-false'].body, rssOptions));
    log(`    RSS ${results.memoryStoreFalse.points.map((point) => point.rssMb).join(' → ')} MB`);
  }
  const load = { connections: settings.connections, seconds: settings.seconds, warmupSeconds: settings.warmupSeconds, rounds: settings.rounds };
  if (settings.phases.has('throughput')) {
    log(`(a) throughput, ${settings.rounds} round${settings.rounds > 1 ? 's' : ''} × ${targets.length} targets × ${settings.seconds} s at ${settings.connections} connections`);
    results.throughput = await measureRounds(targets, load, fake.handle.pid, log);
  }
  const interleaved = onePerProcess(targets);
  if (settings.phases.has('sequential')) {
    log(`(c) sequential latency, ${settings.sequentialRequests} requests per target (${interleaved.map((target) => target.id).join(', ')})`);
    results.sequential = await measureSequential(interleaved, settings.sequentialRequests);
    for (const [id, row] of Object.entries(results.sequential.byTarget)) if (row.addedMs) log(`    ${id}: added mean ${row.addedMs.mean.toFixed(3)} ms, p99 ${row.addedMs.p99.toFixed(3)} ms`);
  }
  if (settings.phases.has('streaming')) {
    log(`(b) streaming, ${settings.streams} streams per target`);
    results.streaming = await measureStreaming(interleaved, settings.streams, upstreamStarts);
    for (const [id, row] of Object.entries(results.streaming.byTarget)) if (row.ttfeAddedMs) log(`    ${id}: added TTFE p50 ${row.ttfeAddedMs.p50.toFixed(3)} ms, ${row.cpuUsPerEvent} µs CPU/event`);
  }
  if (rss) {
    log(`(d) RSS of the default-config gateway over ${settings.rssRequests} requests (SQLite store)`);
    results.memory = await withCpuPerRequest(rssPids, () => measureRss(available.gateway, available.gateway.body, rssOptions));
    log(`    RSS ${results.memory.points.map((point) => point.rssMb).join(' → ')} MB`);
  }

  // A CPU profile explains throughput and latency misses; it says nothing about memory.
  const missed = judge(results).filter((verdict) => verdict.pass === false && verdict.kind === 'cpu');
  const toProfile = [...new Set([...(settings.profile ? ['gateway'] : []), ...missed.map((verdict) => verdict.profileTarget)])];
  if (settings.profile !== false && toProfile.length > 0) {
    const dir = join(settings.resultsDir, 'profiles');
    mkdirSync(dir, { recursive: true });
    results.profiles = [];
    for (const id of toProfile) {
      const target = available[id];
      const because = missed.filter((verdict) => verdict.profileTarget === id).map((verdict) => verdict.goal.replace(/^\((\d)\).*/, 'goal $1'));
      const reason = because.length ? `missed ${because.join(', ')}` : 'BENCH_PROFILE=1';
      log(`profiling ${id} (${reason})`);
      try {
        results.profiles.push({ target: id, label: target.label, reason, ...(await profileGateway(target.handle, target, target.body, { ...load, seconds: settings.profileSeconds, dir, name: id })) });
      } catch (error) {
        results.profiles.push({ target: id, label: target?.label ?? id, reason, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  if (gateway) results.sqliteFile = sqliteFileOf(gateway);
  await stopAll();
  results.loadAverageAtEnd = loadavg().map((value) => Math.round(value * 100) / 100);
  const verdicts = (results.verdicts = judge(results));
  results.reading = readingOf(results);
  mkdirSync(settings.resultsDir, { recursive: true });
  writeFileSync(join(settings.resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(settings.reportPath, renderReport(results, verdicts));
  for (const verdict of verdicts) log(`${verdict.pass === null ? 'N/A ' : verdict.pass ? 'PASS' : 'MISS'}  ${verdict.goal}: ${verdict.measured}`);
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
