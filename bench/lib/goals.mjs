// The performance goals and their verdicts from the measured numbers.

export const GOALS = {
  reqPerSec: 5000,
  errors: 0,
  addedMeanMs: 0.5,
  addedP99Ms: 5,
  ttfeAddedMs: 2,
  rssMb: 250,
};

const fmt = (value, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export function judge(results) {
  const verdicts = [];
  const add = (goal, measured, pass, kind) => verdicts.push({ goal, measured, pass, kind });
  const load = results.throughput?.gateway;
  if (load) {
    const errors = load.errors + load.non2xx;
    add(
      `through the gateway ≥ ${GOALS.reqPerSec.toLocaleString('en')} req/s non-streaming at ${load.connections} connections, zero errors`,
      `${load.reqPerSec.toLocaleString('en')} req/s, ${load.errors} errors, ${load.non2xx} non-2xx`,
      load.reqPerSec >= GOALS.reqPerSec && errors === GOALS.errors,
      'cpu',
    );
  }
  const sequential = results.sequential;
  if (sequential) {
    add(
      `sequential added latency ≤ ${GOALS.addedMeanMs} ms mean, ≤ ${GOALS.addedP99Ms} ms p99`,
      `mean ${fmt(sequential.addedMs.mean, 3)} ms, p99 ${fmt(sequential.addedMs.p99, 3)} ms`,
      sequential.addedMs.mean <= GOALS.addedMeanMs && sequential.addedMs.p99 <= GOALS.addedP99Ms,
      'cpu',
    );
  }
  const streaming = results.streaming;
  if (streaming) {
    add(
      `first streamed event ≤ ${GOALS.ttfeAddedMs} ms after the fake's first byte (p50 of gateway − direct TTFE)`,
      `p50 ${fmt(streaming.ttfeMs.added.p50, 3)} ms (mean ${fmt(streaming.ttfeMs.added.mean, 3)}, p99 ${fmt(streaming.ttfeMs.added.p99, 3)})`,
      streaming.ttfeMs.added.p50 <= GOALS.ttfeAddedMs,
      'cpu',
    );
  }
  for (const [memory, label] of [[results.memory, 'stored in memory'], [results.memoryStoreFalse, '`store: false` requests']]) {
    if (!memory) continue;
    add(
      `RSS < ${GOALS.rssMb} MB and flat over ${memory.requests.toLocaleString('en')} requests (${label})`,
      `peak ${fmt(memory.peakMb, 1)} MB, ${memory.growthAfterFirstSampleMb >= 0 ? '+' : ''}${fmt(memory.growthAfterFirstSampleMb, 1)} MB RSS after the first in-run sample; post-GC heap ${memory.heapGrowthMb >= 0 ? '+' : ''}${fmt(memory.heapGrowthMb, 1)} MB from request ${memory.heapGrowthFromRequests.toLocaleString('en')} to the end`,
      memory.peakMb < GOALS.rssMb && memory.flat,
      'memory',
    );
  }
  return verdicts;
}
