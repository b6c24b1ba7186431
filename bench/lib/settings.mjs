// Every knob of the benchmark, read once from the environment (defaults are the full run).
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TARGET_IDS } from './targets.mjs';

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

/** NODE_OPTIONS the image runs the gateway with (`ENV NODE_OPTIONS=…` in the Dockerfile; the Helm chart sets the same). */
function dockerNodeOptions() {
  if (process.env.BENCH_GATEWAY_NODE_OPTIONS !== undefined) return process.env.BENCH_GATEWAY_NODE_OPTIONS.trim();
  const dockerfile = join(root, 'Dockerfile');
  if (!existsSync(dockerfile)) return '';
  const match = /^ENV\s+NODE_OPTIONS[=\s]\s*(?:"([^"]*)"|(\S.*))$/m.exec(readFileSync(dockerfile, 'utf8'));
  return (match?.[1] ?? match?.[2] ?? '').trim();
}

/** BENCH_TARGETS: a comma list of target ids; `direct` (the baseline of every "added" figure) is always in. */
function targets(storeFalseRun) {
  const raw = process.env.BENCH_TARGETS;
  const wanted = raw ? raw.split(',').map((id) => id.trim()).filter(Boolean) : [...TARGET_IDS];
  const unknown = wanted.filter((id) => !TARGET_IDS.includes(id));
  if (unknown.length) throw new Error(`BENCH_TARGETS: unknown target${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${TARGET_IDS.join(', ')})`);
  const chosen = new Set(['direct', ...wanted]);
  if (storeFalseRun === false) chosen.delete('gateway-store-false');
  return TARGET_IDS.filter((id) => chosen.has(id));
}

const PHASES = ['throughput', 'sequential', 'streaming', 'rss'];

function phases() {
  const chosen = (process.env.BENCH_PHASES ?? PHASES.join(',')).split(',').map((phase) => phase.trim()).filter(Boolean);
  const unknown = chosen.filter((phase) => !PHASES.includes(phase));
  if (unknown.length) throw new Error(`BENCH_PHASES: unknown phase${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${PHASES.join(', ')})`);
  return new Set(chosen);
}

export function readSettings() {
  const seconds = number('BENCH_SECONDS', 10, { min: 0.5 });
  return {
    root,
    dist: process.env.LATTICELM_DIST ?? join(root, 'dist'),
    node: nodeBinary(),
    seconds,
    /** throughput runs per target, alternated target by target so drift lands on every target alike */
    rounds: number('BENCH_ROUNDS', 3, { min: 1 }),
    targets: targets(flag('BENCH_STORE_FALSE')),
    warmupSeconds: number('BENCH_WARMUP_SECONDS', Math.min(2, seconds), { min: 0 }),
    connections: number('BENCH_CONNECTIONS', 32, { min: 1 }),
    sequentialRequests: number('BENCH_SEQUENTIAL_REQUESTS', 3000, { min: 10 }),
    streams: number('BENCH_STREAMS', 300, { min: 10 }),
    streamChunks: number('BENCH_STREAM_CHUNKS', 20, { min: 1 }),
    rssRequests: number('BENCH_RSS_REQUESTS', 100_000, { min: 1000 }),
    rssSamples: number('BENCH_RSS_SAMPLES', 5, { min: 1 }),
    /** an extra first RSS run with `store: false` requests, before anything is stored: the gateway's own memory */
    rssStoreFalseRun: flag('BENCH_RSS_STORE_FALSE') ?? false,
    /** force a full GC at every RSS sample (leak hunting) instead of only before and after each RSS run */
    rssGcAtSamples: flag('BENCH_RSS_GC') ?? false,
    /** extra node flags for the gateway, e.g. "--max-old-space-size=256" */
    gatewayFlags: (process.env.BENCH_GATEWAY_FLAGS ?? '').split(/\s+/).filter(Boolean),
    /** NODE_OPTIONS for every gateway process: the Dockerfile's, unless BENCH_GATEWAY_NODE_OPTIONS says otherwise */
    gatewayNodeOptions: dockerNodeOptions(),
    portkeyVersion: process.env.BENCH_PORTKEY_VERSION ?? '1.15.2',
    /** where the bench installs Portkey (reused when the version matches); never a project dependency */
    portkeyDir: process.env.BENCH_PORTKEY_DIR ?? join(tmpdir(), 'latticelm-bench-portkey'),
    /** a subset of throughput,sequential,streaming,rss for focused runs while developing */
    phases: phases(),
    /** undefined: profile only when a goal is missed */
    profile: flag('BENCH_PROFILE'),
    profileSeconds: number('BENCH_PROFILE_SECONDS', seconds, { min: 0.5 }),
    deadlineSeconds: number('BENCH_DEADLINE_SECONDS', 1800, { min: 10 }),
    reportPath: process.env.BENCH_REPORT ?? join(root, 'bench/REPORT.md'),
    resultsDir: process.env.BENCH_RESULTS_DIR ?? join(root, 'bench/results'),
  };
}
