#!/usr/bin/env node
// Summarizes a V8 .cpuprofile: self time aggregated by function+url (the top N) and by package.
// Usage: node bench/profile-summary.mjs <file.cpuprofile> [top=15]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Where a frame's code lives: a node_modules package, node's internals, the project, or a V8 pseudo-frame. */
export function packageOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native/V8)';
  if (url.startsWith('node:')) return url.includes('deps/undici') ? 'node:undici (fetch)' : 'node internals';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const project = /\/(apps|libs|test)\/.+/.exec(url);
  return project ? `latticelm ${project[1]}/${url.split(`/${project[1]}/`)[1]?.split('/')[0] ?? ''}` : url;
}

const TRANSPORT = 'upstream transport (openai SDK + fetch/undici)';
const INCLUSIVE_CATEGORIES = new Set([
  TRANSPORT,
  'NestJS + rxjs',
  'express and its helpers',
  'schema validation (ajv)',
  'observability (OpenTelemetry, prom-client)',
  'circuit breaker (opossum)',
  'latticelm code',
]);

/** Coarse buckets for the reading: transport, framework, our code, GC… */
export function categoryOf(pkg) {
  if (pkg === '(garbage collector)') return 'GC';
  if (pkg === '(idle)' || pkg === '(program)') return `${pkg} — V8/native outside JS frames`;
  if (pkg === 'node:undici (fetch)' || pkg === 'openai') return TRANSPORT;
  if (pkg === 'node internals') return 'node internals (http server, streams, timers, net)';
  if (pkg.startsWith('@nestjs/') || pkg === 'rxjs' || pkg === 'reflect-metadata') return 'NestJS + rxjs';
  if (['express', 'router', 'body-parser', 'finalhandler', 'send', 'path-to-regexp', 'on-finished', 'raw-body', 'content-type', 'type-is', 'accepts', 'qs', 'parseurl', 'proxy-addr', 'depd'].includes(pkg)) return 'express and its helpers';
  if (pkg === 'ajv' || pkg === 'ajv-formats') return 'schema validation (ajv)';
  if (pkg.startsWith('@opentelemetry/') || pkg === 'prom-client' || pkg.startsWith('@willsoto/') || pkg === 'nestjs-otel') return 'observability (OpenTelemetry, prom-client)';
  if (pkg === 'opossum') return 'circuit breaker (opossum)';
  if (pkg.startsWith('latticelm')) return 'latticelm code';
  if (pkg === '(native/V8)') return 'native builtins (JSON, RegExp, …)';
  return `other: ${pkg}`;
}

function shortUrl(url) {
  if (!url) return '';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const project = /\/((apps|libs|test)\/.+)$/.exec(url);
  return project ? project[1] : url.replace(/^file:\/\//, '');
}

export function summarizeProfile(profile, top = 15) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  // timeDeltas[i] is the gap before sample i, so sample i lasted until the next one.
  for (let index = 0; index < samples.length; index += 1) {
    const duration = timeDeltas[index + 1] ?? timeDeltas[index] ?? 0;
    selfUs.set(samples[index], (selfUs.get(samples[index]) ?? 0) + Math.max(0, duration));
  }
  const totalUs = [...selfUs.values()].reduce((sum, value) => sum + value, 0) || 1;
  const functions = new Map();
  const packages = new Map();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const name = functionName || '(anonymous)';
    const key = `${name}\u0000${url}\u0000${lineNumber}`;
    const entry = functions.get(key) ?? { function: name, url: shortUrl(url), line: lineNumber + 1, package: packageOf(url, name), selfMs: 0 };
    entry.selfMs += us / 1000;
    functions.set(key, entry);
    const pkg = packageOf(url, name);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us / 1000);
  }
  // Inclusive: a sample counts once for every category on its stack (its callers included), so "openai SDK"
  // includes the fetch/undici and node work done inside SDK calls. Async continuations start new stacks.
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map();
  const inclusivePackages = new Map();
  for (const [id, us] of selfUs) {
    const seen = new Set();
    const seenPackages = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at).callFrame;
      const pkg = packageOf(url, functionName || '(anonymous)');
      const category = categoryOf(pkg);
      // node internals and builtins sit at the bottom of nearly every stack (event loop, microtasks): not telling
      if (INCLUSIVE_CATEGORIES.has(category)) {
        seen.add(category);
        seenPackages.add(pkg);
      }
    }
    for (const category of seen) inclusive.set(category, (inclusive.get(category) ?? 0) + us / 1000);
    for (const pkg of seenPackages) inclusivePackages.set(pkg, (inclusivePackages.get(pkg) ?? 0) + us / 1000);
  }
  const categories = new Map();
  for (const [pkg, ms] of packages) categories.set(categoryOf(pkg), (categories.get(categoryOf(pkg)) ?? 0) + ms);
  const share = (ms) => Math.round(((ms * 1000) / totalUs) * 1000) / 10;
  return {
    totalMs: Math.round(totalUs / 100) / 10,
    samples: samples.length,
    topFunctions: [...functions.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((entry) => ({ ...entry, selfMs: Math.round(entry.selfMs * 10) / 10, percent: share(entry.selfMs) })),
    byCategory: [...categories.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => ({ category: name, selfMs: Math.round(ms * 10) / 10, percent: share(ms) })),
    inclusiveByCategory: [...inclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => ({ category: name, totalMs: Math.round(ms * 10) / 10, percent: share(ms) })),
    inclusiveByPackage: [...inclusivePackages.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => ({ package: name, totalMs: Math.round(ms * 10) / 10, percent: share(ms) })),
    byPackage: [...packages.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => ({ package: name, selfMs: Math.round(ms * 10) / 10, percent: share(ms) })),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, top = '15'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
    process.exit(2);
  }
  const summary = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), Number(top));
  console.log(`total ${summary.totalMs} ms in ${summary.samples} samples\n\nself time by category:`);
  for (const row of summary.byCategory) console.log(`${String(row.percent).padStart(6)}%  ${row.selfMs.toFixed(1).padStart(9)} ms  ${row.category}`);
  console.log('\ninclusive time (category anywhere on the stack):');
  for (const row of summary.inclusiveByCategory) console.log(`${String(row.percent).padStart(6)}%  ${row.totalMs.toFixed(1).padStart(9)} ms  ${row.category}`);
  console.log('\ninclusive time by package:');
  for (const row of summary.inclusiveByPackage.slice(0, 20)) console.log(`${String(row.percent).padStart(6)}%  ${row.totalMs.toFixed(1).padStart(9)} ms  ${row.package}`);
  console.log('\nself time by package:');
  for (const row of summary.byPackage.slice(0, 20)) console.log(`${String(row.percent).padStart(6)}%  ${row.selfMs.toFixed(1).padStart(9)} ms  ${row.package}`);
  console.log('\ntop functions by self time:');
  for (const row of summary.topFunctions) {
    console.log(`${String(row.percent).padStart(6)}%  ${row.selfMs.toFixed(1).padStart(9)} ms  ${row.function}  ${row.url}:${row.line}`);
  }
}
