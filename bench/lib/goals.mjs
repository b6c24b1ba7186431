// Issue 9's performance goals and their verdicts from the measured numbers. Throughput goals are ratios between
// targets of the same run (medians of per-round ratios), since absolute figures on these VMs move 2× between runs.
// A verdict's `pass` is null when a side of it was not measured (BENCH_TARGETS / BENCH_PHASES left it out).
import { cpuOf, reqPerSecOf, roundRatio } from './rounds.mjs';

export const GOALS = {
  /** default configuration (SQLite store) vs Portkey at 32 connections */
  reqPerSecVsPortkey: 2.0,
  cpuVsPortkey: 0.5,
  errors: 0,
  /** `store: false` requests vs the SDK-only floor */
  storeFalseCpuVsSdkOnly: 1.5,
  /** sequential, one keep-alive connection: the gateway's added mean vs Portkey's (both minus direct) */
  sequentialAddedMeanVsPortkey: 0.5,
  sequentialAddedP99Ms: 5,
  /** streaming: first event after the upstream's first byte */
  ttfeAddedP50Ms: 1,
  rssMb: 250,
};

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const int = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : 'n/a');
const ratioText = (ratio) => `${fmt(ratio.median)}× (rounds: ${ratio.perRound.map((value) => fmt(value)).join(', ')})`;

const FLOORS = [
  ['sdk-only', 'SDK-only floor'],
  ['nest-floor', 'Nest floor'],
];

/** What the floors (no gateway code at all) measure on the same figure: the part of a miss the gateway cannot own. */
function floorsText(byTarget, describe) {
  const parts = FLOORS.map(([id, name]) => {
    const text = byTarget?.[id] && describe(byTarget[id], id);
    return text && `${name} ${text}`;
  }).filter(Boolean);
  return parts.length ? ` — floors on the same run: ${parts.join('; ')}` : '';
}

function floorsVsPortkey(throughput) {
  return floorsText(throughput.byTarget, (_row, id) => {
    const rate = roundRatio(throughput, id, 'portkey', reqPerSecOf);
    const cpu = roundRatio(throughput, id, 'portkey', cpuOf);
    return rate && cpu && `${fmt(rate.median)}× Portkey's req/s at ${fmt(cpu.median)}× its CPU/req`;
  });
}

function nestFloorVsSdkOnly(throughput) {
  const nest = roundRatio(throughput, 'nest-floor', 'sdk-only', cpuOf);
  return nest ? ` — the Nest floor alone (the SDK call in a one-controller Nest + Express app) is ${ratioText(nest)} the SDK-only floor's CPU/req` : '';
}

export function judge(results) {
  const verdicts = [];
  const add = (verdict) => verdicts.push({ kind: 'cpu', ...verdict });
  const notMeasured = (needs) => ({ measured: `not measured (needs ${needs})`, pass: null });
  const throughput = results.throughput;
  const nodeOptions = results.settings?.gatewayNodeOptions;

  if (throughput) {
    const rate = roundRatio(throughput, 'gateway', 'portkey', reqPerSecOf);
    const cpu = roundRatio(throughput, 'gateway', 'portkey', cpuOf);
    const own = throughput.byTarget.gateway;
    const goal = `(1) default configuration (SQLite store): ≥ ${GOALS.reqPerSecVsPortkey}× Portkey's req/s and ≤ ${GOALS.cpuVsPortkey}× its CPU per request at ${throughput.connections} connections, zero errors`;
    if (rate && cpu && own) {
      // autocannon's `errors` include its timeouts
      const errors = own.errors + own.non2xx;
      add({
        id: 'default-vs-portkey',
        goal,
        measured:
          `req/s ${ratioText(rate)}; CPU/req ${ratioText(cpu)} (${int(own.cpuUsPerRequest.server)} vs ${int(throughput.byTarget.portkey.cpuUsPerRequest.server)} µs); ${own.errors} errors (${own.timeouts} of them timeouts), ${own.non2xx} non-2xx` +
          floorsVsPortkey(throughput),
        pass: rate.median >= GOALS.reqPerSecVsPortkey && cpu.median <= GOALS.cpuVsPortkey && errors === GOALS.errors,
        profileTarget: 'gateway',
      });
    } else add({ id: 'default-vs-portkey', goal, ...notMeasured('targets gateway and portkey') });

    const floor = roundRatio(throughput, 'gateway-store-false', 'sdk-only', cpuOf);
    const storeFalseGoal = `(2) requests with \`store: false\`: CPU per request ≤ ${GOALS.storeFalseCpuVsSdkOnly}× the SDK-only floor's`;
    if (floor) {
      add({
        id: 'store-false-vs-sdk-only',
        goal: storeFalseGoal,
        measured:
          `${ratioText(floor)} (${int(throughput.byTarget['gateway-store-false'].cpuUsPerRequest.server)} vs ${int(throughput.byTarget['sdk-only'].cpuUsPerRequest.server)} µs)` +
          nestFloorVsSdkOnly(throughput),
        pass: floor.median <= GOALS.storeFalseCpuVsSdkOnly,
        profileTarget: 'gateway-store-false',
      });
    } else add({ id: 'store-false-vs-sdk-only', goal: storeFalseGoal, ...notMeasured('targets gateway-store-false and sdk-only') });
  }

  const sequential = results.sequential;
  if (sequential) {
    const gateway = sequential.byTarget.gateway?.addedMs;
    const portkey = sequential.byTarget.portkey?.addedMs;
    const goal = `(3) sequential, one keep-alive connection: added mean ≤ ${GOALS.sequentialAddedMeanVsPortkey}× Portkey's added mean, added p99 ≤ ${GOALS.sequentialAddedP99Ms} ms (both minus direct)`;
    if (gateway && portkey) {
      add({
        id: 'sequential',
        goal,
        measured:
          `added mean ${fmt(gateway.mean, 3)} ms vs Portkey ${fmt(portkey.mean, 3)} ms (${fmt(gateway.mean / portkey.mean)}×), added p99 ${fmt(gateway.p99, 3)} ms` +
          floorsText(sequential.byTarget, (row) => row.addedMs && `added mean ${fmt(row.addedMs.mean, 3)} ms (${fmt(row.addedMs.mean / portkey.mean)}× Portkey's), p99 ${fmt(row.addedMs.p99, 3)}`),
        pass: gateway.mean <= GOALS.sequentialAddedMeanVsPortkey * portkey.mean && gateway.p99 <= GOALS.sequentialAddedP99Ms,
        profileTarget: 'gateway',
      });
    } else add({ id: 'sequential', goal, ...notMeasured('targets gateway and portkey') });
  }

  const streaming = results.streaming;
  if (streaming) {
    const gateway = streaming.byTarget.gateway;
    const portkey = streaming.byTarget.portkey;
    const direct = streaming.byTarget.direct;
    const goal = `(4) streaming: first event ≤ ${GOALS.ttfeAddedP50Ms} ms (p50) after the upstream's first byte; CPU per streamed event reported`;
    if (gateway) {
      add({
        id: 'streaming',
        goal,
        measured:
          `first event ${fmt(gateway.afterUpstreamMs.p50, 3)} ms (p50; p99 ${fmt(gateway.afterUpstreamMs.p99, 3)}) after the upstream's first byte ` +
          `(direct, one loopback hop: ${fmt(direct.afterUpstreamMs.p50, 3)} ms)` +
          (portkey ? ` vs Portkey ${fmt(portkey.afterUpstreamMs.p50, 3)} ms` : '') +
          `; end-to-end added TTFE p50 ${fmt(gateway.ttfeAddedMs.p50, 3)} ms (mean ${fmt(gateway.ttfeAddedMs.mean, 3)}, p99 ${fmt(gateway.ttfeAddedMs.p99, 3)})` +
          (portkey ? ` vs Portkey p50 ${fmt(portkey.ttfeAddedMs.p50, 3)} ms` : '') +
          `; CPU ${fmt(gateway.cpuUsPerEvent, 1)} µs per event` +
          (portkey ? ` vs Portkey ${fmt(portkey.cpuUsPerEvent, 1)}` : '') +
          floorsText(streaming.byTarget, (row) => row.afterUpstreamMs && `first event ${fmt(row.afterUpstreamMs.p50, 3)} ms after the upstream's first byte`),
        pass: gateway.afterUpstreamMs.p50 <= GOALS.ttfeAddedP50Ms,
        profileTarget: 'gateway',
      });
    } else add({ id: 'streaming', goal, ...notMeasured('target gateway') });
  }

  for (const [memory, label] of [[results.memory, 'default configuration (SQLite store)'], [results.memoryStoreFalse, '`store: false` requests, nothing stored']]) {
    if (!memory) continue;
    add({
      id: memory === results.memory ? 'rss' : 'rss-store-false',
      kind: 'memory',
      goal: `(5) RSS < ${GOALS.rssMb} MB and flat over ${memory.requests.toLocaleString('en')} requests, ${label}${nodeOptions ? `, NODE_OPTIONS=${nodeOptions}` : ''}`,
      measured: `peak ${fmt(memory.peakMb, 1)} MB, ${memory.growthAfterFirstSampleMb >= 0 ? '+' : ''}${fmt(memory.growthAfterFirstSampleMb, 1)} MB RSS after the first in-run sample; post-GC heap ${memory.heapGrowthMb >= 0 ? '+' : ''}${fmt(memory.heapGrowthMb, 1)} MB from request ${memory.heapGrowthFromRequests.toLocaleString('en')} to the end`,
      pass: memory.peakMb < GOALS.rssMb && memory.flat,
    });
  }
  return verdicts;
}
