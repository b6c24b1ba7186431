// Non-streaming throughput of every target in alternated rounds: each target is warmed up once, then each round
// runs every target for the same time, the order rotated one place per round, so the drift of this noisy machine
// lands on all targets alike. Per target the median over rounds; per pair of targets the median of the
// per-round ratios (both sides of a ratio measured minutes apart at most).
import { median } from './stats.mjs';
import { measureThroughput, runAutocannon } from './throughput.mjs';

const rotate = (items, by) => items.map((_, index) => items[(index + by) % items.length]);

/** Medians over rounds of the figures that vary; counts summed. */
function aggregate(runs) {
  const pick = (get) => median(runs.map(get));
  const sum = (get) => runs.reduce((total, run) => total + get(run), 0);
  return {
    rounds: runs.length,
    reqPerSec: pick((run) => run.reqPerSec),
    latencyMs: { mean: pick((run) => run.latencyMs.mean), p50: pick((run) => run.latencyMs.p50), p99: pick((run) => run.latencyMs.p99) },
    cpuUsPerRequest: { server: pick((run) => run.cpuUsPerRequest.server), fake: pick((run) => run.cpuUsPerRequest.fake), client: pick((run) => run.cpuUsPerRequest.client) },
    requests: sum((run) => run.requests),
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
    non2xx: sum((run) => run.non2xx),
  };
}

export async function measureRounds(targets, { connections, seconds, warmupSeconds, rounds }, fakePid, log) {
  if (warmupSeconds > 0) {
    log(`  warm-up ${warmupSeconds} s per target`);
    for (const target of targets) await runAutocannon(target, target.body, { connections, seconds: warmupSeconds });
  }
  const runs = Object.fromEntries(targets.map((target) => [target.id, []]));
  const orders = [];
  for (let round = 0; round < rounds; round += 1) {
    const order = rotate(targets, round % targets.length);
    orders.push(order.map((target) => target.id));
    for (const target of order) {
      const run = await measureThroughput(target, target.body, { connections, seconds, warmupSeconds: 0 }, { server: target.pid, fake: fakePid });
      runs[target.id].push({ round: round + 1, ...run });
      log(`  round ${round + 1}/${rounds} ${target.id}: ${run.reqPerSec} req/s, ${run.cpuUsPerRequest.server} µs CPU/req, ${run.errors + run.non2xx} errors/non-2xx`);
    }
  }
  const byTarget = Object.fromEntries(targets.map((target) => [target.id, { label: target.label, runs: runs[target.id], ...aggregate(runs[target.id]) }]));
  return { connections, seconds, warmupSeconds, rounds, orders, byTarget };
}

/** Per-round a/b of a figure (`get` on a run), and their median; undefined when a side was not measured. */
export function roundRatio(throughput, a, b, get) {
  const left = throughput?.byTarget?.[a]?.runs;
  const right = throughput?.byTarget?.[b]?.runs;
  if (!left || !right) return undefined;
  const perRound = left.map((run, index) => get(run) / get(right[index]));
  return { perRound, median: median(perRound) };
}

export const reqPerSecOf = (run) => run.reqPerSec;
export const cpuOf = (run) => run.cpuUsPerRequest.server;
