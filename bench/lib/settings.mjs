// Every knob of the benchmark, read once from the environment (defaults are the full run).
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

function number(name, fallback, { min = 0 } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return value;
}

function flag(name) {
  const raw = (process.env[name] ?? '').toLowerCase();
  if (raw === '') return undefined;
  return !['0', 'false', 'no', 'off'].includes(raw);
}

/** Node 22 for the children: the one running us under `npm run bench`, else the repo's node devDependency. */
function nodeBinary() {
  if (process.env.BENCH_NODE) return process.env.BENCH_NODE;
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const local = join(root, 'node_modules/node/bin/node');
  return existsSync(local) ? local : process.execPath;
}

export function readSettings() {
  const seconds = number('BENCH_SECONDS', 10, { min: 0.5 });
  return {
    root,
    dist: process.env.LATTICELM_DIST ?? join(root, 'dist'),
    node: nodeBinary(),
    seconds,
    warmupSeconds: number('BENCH_WARMUP_SECONDS', Math.min(2, seconds), { min: 0 }),
    connections: number('BENCH_CONNECTIONS', 32, { min: 1 }),
    sequentialRequests: number('BENCH_SEQUENTIAL_REQUESTS', 3000, { min: 10 }),
    streams: number('BENCH_STREAMS', 300, { min: 10 }),
    streamChunks: number('BENCH_STREAM_CHUNKS', 20, { min: 1 }),
    rssRequests: number('BENCH_RSS_REQUESTS', 100_000, { min: 1000 }),
    rssSamples: number('BENCH_RSS_SAMPLES', 5, { min: 1 }),
    /** a first RSS run with `store: false` requests, before anything is stored: the gateway's own memory */
    rssStoreFalseRun: flag('BENCH_RSS_STORE_FALSE') ?? true,
    /** force a full GC at every RSS sample (leak hunting) instead of only before and after each RSS run */
    rssGcAtSamples: flag('BENCH_RSS_GC') ?? false,
    /** extra node flags for the gateway, e.g. "--max-old-space-size=256" */
    gatewayFlags: (process.env.BENCH_GATEWAY_FLAGS ?? '').split(/\s+/).filter(Boolean),
    storeFalseRun: flag('BENCH_STORE_FALSE') ?? true,
    /** a subset of throughput,sequential,streaming,rss for focused runs while developing */
    phases: new Set((process.env.BENCH_PHASES ?? 'throughput,sequential,streaming,rss').split(',').map((phase) => phase.trim())),
    /** undefined: profile only when a goal is missed */
    profile: flag('BENCH_PROFILE'),
    profileSeconds: number('BENCH_PROFILE_SECONDS', seconds, { min: 0.5 }),
    deadlineSeconds: number('BENCH_DEADLINE_SECONDS', 600, { min: 10 }),
    reportPath: process.env.BENCH_REPORT ?? join(root, 'bench/REPORT.md'),
    resultsDir: process.env.BENCH_RESULTS_DIR ?? join(root, 'bench/results'),
  };
}
