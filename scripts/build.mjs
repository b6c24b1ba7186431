#!/usr/bin/env node
// Compiles apps/, libs/ and test/ into dist/ (tsc, then tsc-alias) and stamps the build.
//   node scripts/build.mjs             build (npm run build)
//   node scripts/build.mjs --if-stale  build only when an input is newer than the stamp (npm start, npm test, prepare)
//   node scripts/build.mjs --check     exit 0 when the build is current, 1 when not; builds nothing
// --root DIR looks at another tree (the script's own tests). Without apps/ (the image's `npm ci`, before the
// sources are copied in) there is nothing to build yet.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const rootIndex = args.indexOf('--root');
const root = rootIndex === -1 ? new URL('..', import.meta.url).pathname : args[rootIndex + 1];
const stamp = join(root, 'dist', '.build-stamp');
const SOURCE_DIRS = ['apps', 'libs', 'test'];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** The newest modification time among the compiler's inputs (what tsconfig.build.json includes, and the configs). */
function newestInput() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') || entry.name.endsWith('.json')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) visit(join(root, dir));
  for (const file of CONFIG_FILES) if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

function isCurrent() {
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestInput();
}

function run(bin, binArgs) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', ...bin), ...binArgs], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (args.includes('--check')) process.exit(isCurrent() ? 0 : 1);
if (!existsSync(join(root, 'apps'))) {
  console.log('build: no sources yet, nothing to build');
  process.exit(0);
}
if (args.includes('--if-stale') && isCurrent()) process.exit(0);
console.log('build: compiling apps/, libs/ and test/ into dist/');
// A build that fails half-way must not look current.
rmSync(stamp, { force: true });
run(['typescript', 'bin', 'tsc'], ['-p', 'tsconfig.build.json']);
run(['tsc-alias', 'dist', 'bin', 'index.js'], ['-p', 'tsconfig.build.json']);
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(stamp, `${new Date().toISOString()}\n`);
