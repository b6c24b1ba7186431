#!/usr/bin/env node
// Runs the compiled test files with node's test runner and closes with one "N passed, N failed" line.
// Usage: node scripts/run-tests.mjs [substring ...]   (only files whose path contains a substring)
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = process.env.LATTICELM_DIST ?? join(root, 'dist');
const filters = process.argv.slice(2);

function walk(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...walk(path));
    else if (/\.(spec|test)\.js$/.test(entry)) found.push(path);
  }
  return found;
}

const files = walk(dist)
  .filter((file) => !file.includes('node_modules'))
  .filter((file) => filters.length === 0 || filters.some((filter) => relative(dist, file).includes(filter)))
  .sort();
if (files.length === 0) {
  console.error('no test files found');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    '--test-reporter-destination=' + join(dist, 'test-results.tap'),
    ...files,
  ],
  { stdio: 'inherit', cwd: root, // NODE_PATH lets a build placed outside the repo (LATTICELM_DIST) still find the repo's packages.
    env: { ...process.env, NODE_ENV: 'test', NODE_PATH: join(root, 'node_modules') } },
);
child.on('exit', async (code) => {
  const { readFileSync } = await import('node:fs');
  const tap = readFileSync(join(dist, 'test-results.tap'), 'utf8');
  const count = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  const skipped = count('skipped') + count('todo');
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code ?? 1);
});
