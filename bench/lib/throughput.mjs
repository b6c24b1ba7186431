// Non-streaming load with autocannon: warm-up, then a measured run; req/s, latency percentiles, errors.
import autocannon from 'autocannon';
import { cpuMs } from './processes.mjs';

export function runAutocannon(target, body, options) {
  return autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds }),
    timeout: 10,
    setupClient: options.setupClient,
  });
}

export function throughputOf(result) {
  return {
    seconds: result.duration,
    connections: result.connections,
    requests: result.requests.total,
    reqPerSec: Math.round(result.requests.total / result.duration),
    reqPerSecSamples: { mean: result.requests.average, min: result.requests.min, max: result.requests.max },
    latencyMs: {
      mean: result.latency.average,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)])),
  };
}

/**
 * CPU each process spent per completed request over a run — unlike req/s this hardly depends on what else the
 * machine is doing, so it is the number to compare across noisy runs. `pids`: { name: pid } of the children.
 */
export async function withCpuPerRequest(pids, run) {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const client = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(client);
  const served = result.requests + (result.warmupRequests ?? 0);
  const perRequest = (ms) => (served ? Math.round((ms * 1000) / served) : NaN);
  const cpuUsPerRequest = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, perRequest(cpuMs(pid) - before[name])]));
  cpuUsPerRequest.client = perRequest((used.user + used.system) / 1000);
  return { ...result, cpuUsPerRequest };
}

/** Warm-up (discarded), then the measured run. */
export async function measureThroughput(target, body, { connections, seconds, warmupSeconds }, pids = {}) {
  if (warmupSeconds > 0) await runAutocannon(target, body, { connections, seconds: warmupSeconds });
  return withCpuPerRequest(pids, async () => throughputOf(await runAutocannon(target, body, { connections, seconds })));
}
