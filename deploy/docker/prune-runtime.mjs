#!/usr/bin/env node
// Runs in the image's build stage after `npm prune --omit=dev --omit=optional`: removes from node_modules what
// only installing or compiling needed, so the runtime stage copies the gateway's runtime and nothing else.
//   node deploy/docker/prune-runtime.mjs node_modules
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) {
  console.error('usage: prune-runtime.mjs NODE_MODULES_DIR');
  process.exit(2);
}

// Packages used at install time only: the native addon's download/compile helpers and C++ headers.
const INSTALL_ONLY = ['prebuild-install', 'node-addon-api', 'node-gyp', '@types'];
// sqlite3 keeps lib/, package.json and the compiled addon; its sources, the SQLite amalgamation and the
// object files of the compile go.
const SQLITE3_KEEP = new Set(['lib', 'package.json', 'LICENSE', 'build']);
const SQLITE3_BUILD_KEEP = 'Release/node_sqlite3.node';
// Never loaded by node at run time: type declarations, TypeScript sources, source maps, docs.
const DROPPED_FILE = /(\.d\.[cm]?ts|\.[cm]?ts|\.map|\.md|\.markdown)$/i;
const KEEP_FILE = /^(license|licence|notice)/i;

let freed = 0;
const remove = (path) => {
  freed += size(path);
  rmSync(path, { recursive: true, force: true });
};
const size = (path) => {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, entry) => total + size(join(path, entry)), 0);
};

for (const name of INSTALL_ONLY) remove(join(root, name));

const sqlite = join(root, 'sqlite3');
for (const entry of readdirSync(sqlite)) if (!SQLITE3_KEEP.has(entry)) remove(join(sqlite, entry));
const build = join(sqlite, 'build');
for (const entry of readdirSync(build)) if (entry !== 'Release') remove(join(build, entry));
for (const entry of readdirSync(join(build, 'Release'))) if (`Release/${entry}` !== SQLITE3_BUILD_KEEP) remove(join(build, 'Release', entry));

const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (DROPPED_FILE.test(entry.name) && !KEEP_FILE.test(entry.name)) remove(path);
  }
};
walk(root);
console.log(`prune-runtime: removed ${(freed / 1024 / 1024).toFixed(1)} MiB from ${root}`);
