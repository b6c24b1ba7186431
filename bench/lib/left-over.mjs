// "What is left, and why": for every missed goal, the same figure for the floors of the same run (the SDK call
// behind bare node:http, and the same call in a one-controller Nest + Express app), so a reader sees which part of
// a miss no gateway code could remove, and the part the gateway's own code adds on top. Generated, never hand-written,
// so a re-run report cannot carry a stale explanation.
import { GOALS } from './goals.mjs';
import { cpuOf, reqPerSecOf, roundRatio } from './rounds.mjs';

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const int = (value) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en') : 'n/a');
const floorMisses = (floorValue, passes) => (passes(floorValue) ? 'within the goal' : '**already misses it**');

function throughputLines(throughput) {
  const lines = [];
  const cpu = (id) => throughput.byTarget[id]?.cpuUsPerRequest.server;
  const nestVsPortkey = roundRatio(throughput, 'nest-floor', 'portkey', cpuOf)?.median;
  const nestRateVsPortkey = roundRatio(throughput, 'nest-floor', 'portkey', reqPerSecOf)?.median;
  if (Number.isFinite(nestVsPortkey) && cpu('gateway') !== undefined) {
    lines.push(
      `- **(1) default configuration vs Portkey.** Goal ≥ ${GOALS.reqPerSecVsPortkey}× req/s and ≤ ${GOALS.cpuVsPortkey}× CPU/req. The Nest floor alone reaches ` +
        `${fmt(nestRateVsPortkey)}× req/s (${floorMisses(nestRateVsPortkey, (v) => v >= GOALS.reqPerSecVsPortkey)}) at ${fmt(nestVsPortkey)}× CPU/req ` +
        `(${floorMisses(nestVsPortkey, (v) => v <= GOALS.cpuVsPortkey)}). On top of it the gateway spends ${int(cpu('gateway') - cpu('nest-floor'))} µs per request: ` +
        (cpu('gateway-store-false') !== undefined
          ? `${int(cpu('gateway-store-false') - cpu('nest-floor'))} µs of its own code (validation, routing, conversion, assembly, breaker, retries, access log) and ` +
            `${int(cpu('gateway') - cpu('gateway-store-false'))} µs for the SQLite store (process CPU, sqlite3's worker thread included).`
          : 'its own code and the store.'),
    );
  }
  const nestVsSdk = roundRatio(throughput, 'nest-floor', 'sdk-only', cpuOf)?.median;
  if (Number.isFinite(nestVsSdk) && cpu('gateway-store-false') !== undefined) {
    lines.push(
      `- **(2) \`store: false\` vs the SDK-only floor.** Goal ≤ ${GOALS.storeFalseCpuVsSdkOnly}×. The design card's framework with nothing in it (the Nest floor) is ` +
        `${fmt(nestVsSdk)}× (${floorMisses(nestVsSdk, (v) => v <= GOALS.storeFalseCpuVsSdkOnly)}); the gateway is ${fmt(roundRatio(throughput, 'gateway-store-false', 'nest-floor', cpuOf)?.median)}× the Nest floor.`,
    );
  }
  return lines;
}

function sequentialLine(sequential) {
  const portkey = sequential.byTarget.portkey?.addedMs;
  const gateway = sequential.byTarget.gateway?.addedMs;
  if (!portkey || !gateway) return [];
  const floors = [['sdk-only', 'SDK-only floor'], ['nest-floor', 'Nest floor']]
    .map(([id, name]) => sequential.byTarget[id]?.addedMs && [name, sequential.byTarget[id].addedMs])
    .filter(Boolean);
  return [
    `- **(3) sequential added latency.** Goal: added mean ≤ ${GOALS.sequentialAddedMeanVsPortkey}× Portkey's (${fmt(portkey.mean * GOALS.sequentialAddedMeanVsPortkey, 3)} ms here) and p99 ≤ ${GOALS.sequentialAddedP99Ms} ms. ` +
      floors.map(([name, row]) => `${name}: mean ${fmt(row.mean, 3)} ms (${fmt(row.mean / portkey.mean)}×, ${floorMisses(row.mean / portkey.mean, (v) => v <= GOALS.sequentialAddedMeanVsPortkey)}), p99 ${fmt(row.p99, 3)} ms`).join('; ') +
      `. The gateway adds ${fmt(gateway.mean - (floors.at(-1)?.[1].mean ?? NaN), 3)} ms mean over the last of them.`,
  ];
}

function streamingLine(streaming) {
  const gateway = streaming.byTarget.gateway?.afterUpstreamMs;
  if (!gateway) return [];
  const floors = [['sdk-only', 'SDK-only floor'], ['nest-floor', 'Nest floor']]
    .map(([id, name]) => streaming.byTarget[id]?.afterUpstreamMs && [name, streaming.byTarget[id].afterUpstreamMs])
    .filter(Boolean);
  const direct = streaming.byTarget.direct?.afterUpstreamMs;
  return [
    `- **(4) first event after the upstream's first byte.** Goal ≤ ${GOALS.ttfeAddedP50Ms} ms (p50). One loopback hop alone (direct) takes ${fmt(direct?.p50, 3)} ms; ` +
      floors.map(([name, row]) => `${name} ${fmt(row.p50, 3)} ms (${floorMisses(row.p50, (v) => v <= GOALS.ttfeAddedP50Ms)})`).join(', ') +
      ` — two hops, and the official SDK's own stream set-up and SSE parsing before its first event; the gateway ${fmt(gateway.p50, 3)} ms.`,
  ];
}

export function leftOverSection(results, verdicts) {
  const missed = verdicts.filter((verdict) => verdict.pass === false);
  if (missed.length === 0) return '';
  const lines = [
    ...(results.throughput && missed.some((v) => ['default-vs-portkey', 'store-false-vs-sdk-only'].includes(v.id)) ? throughputLines(results.throughput) : []),
    ...(results.sequential && missed.some((v) => v.id === 'sequential') ? sequentialLine(results.sequential) : []),
    ...(results.streaming && missed.some((v) => v.id === 'streaming') ? streamingLine(results.streaming) : []),
  ];
  if (lines.length === 0) return '';
  return `## What is left, and why

Each missed goal beside what the floors of this same run measure on the same figure. A floor runs no gateway code at all:
where a floor already misses a goal, no change to the gateway's code can meet it while the design card's parts stay (the
official SDK on the request path; NestJS on \`@nestjs/platform-express\`). The profiles above show where the rest goes.

${lines.join('\n')}`;
}
