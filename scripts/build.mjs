#!/usr/bin/env node
// Builds what is stale, and stamps each part it built:
//   the gateway: apps/, libs/ and test/ compiled into dist/ (tsc, then tsc-alias), stamp dist/.build-stamp;
//   the admin console: apps/console type-checked (tsc --noEmit) and bundled by esbuild into dist/console/
//   (index.html and content-hashed assets), stamp dist/console/.build-stamp.
//   node scripts/build.mjs             build both (npm run build)
//   node scripts/build.mjs --if-stale  build only a part with an input newer than its stamp (npm start, npm test, prepare)
//   node scripts/build.mjs --check     exit 0 when both are current, 1 when not; builds nothing
// --root DIR looks at another tree (the script's own tests). Without apps/ (the image's `npm ci`, before the
// sources are copied in) there is nothing to build yet; without apps/console there is no console to build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

const args = process.argv.slice(2);
const rootIndex = args.indexOf('--root');
const root = rootIndex === -1 ? new URL('..', import.meta.url).pathname : args[rootIndex + 1];
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const CONSOLE = join(root, 'apps', 'console');
const CONSOLE_OUT = join(root, 'dist', 'console');

/** The newest modification time of the files under `dirs` that `counts` accepts, and of `files`. */
function newestInput(dirs, files, counts) {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (counts(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) if (existsSync(dir)) visit(dir);
  for (const file of files) if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

const parts = [
  {
    name: 'gateway',
    stamp: join(root, 'dist', '.build-stamp'),
    exists: () => true,
    // what tsconfig.build.json includes, and the configs
    newest: () =>
      newestInput(
        ['apps', 'libs', 'test'].map((dir) => join(root, dir)),
        CONFIG_FILES.map((file) => join(root, file)),
        (name) => name.endsWith('.ts') || name.endsWith('.json'),
      ),
    build: buildGateway,
  },
  {
    name: 'console',
    stamp: join(CONSOLE_OUT, '.build-stamp'),
    exists: () => existsSync(join(CONSOLE, 'src', 'main.tsx')),
    newest: () => newestInput([CONSOLE], [join(root, 'package-lock.json')], () => true),
    build: buildConsole,
  },
];

const isCurrent = (part) => !part.exists() || (existsSync(part.stamp) && statSync(part.stamp).mtimeMs >= part.newest());

function run(bin, binArgs) {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', ...bin), ...binArgs], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function buildGateway() {
  console.log('build: compiling apps/, libs/ and test/ into dist/');
  run(['typescript', 'bin', 'tsc'], ['-p', 'tsconfig.build.json']);
  run(['tsc-alias', 'dist', 'bin', 'index.js'], ['-p', 'tsconfig.build.json']);
}

/** Type-checks the console, bundles it (Preact, uPlot and the CSS) and writes index.html naming the hashed assets. */
async function buildConsole() {
  console.log('build: bundling the admin console (apps/console) into dist/console/');
  run(['typescript', 'bin', 'tsc'], ['-p', join('apps', 'console', 'tsconfig.json')]);
  const esbuild = createRequire(join(root, 'package.json'))('esbuild');
  rmSync(CONSOLE_OUT, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(CONSOLE, 'src', 'main.tsx')],
    bundle: true,
    format: 'esm',
    target: ['es2022'],
    minify: true,
    sourcemap: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: join(CONSOLE_OUT, 'assets'),
    metafile: true,
    logLevel: 'warning',
  });
  const entry = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint);
  if (!entry?.[1].cssBundle) throw new Error('build: esbuild produced no console script and stylesheet');
  const html = readFileSync(join(CONSOLE, 'index.html'), 'utf8')
    .replace('{{main.js}}', basename(entry[0]))
    .replace('{{main.css}}', basename(entry[1].cssBundle));
  writeFileSync(join(CONSOLE_OUT, 'index.html'), html);
}

if (args.includes('--check')) process.exit(parts.every(isCurrent) ? 0 : 1);
if (!existsSync(join(root, 'apps'))) {
  console.log('build: no sources yet, nothing to build');
  process.exit(0);
}
for (const part of parts) {
  if (!part.exists() || (args.includes('--if-stale') && isCurrent(part))) continue;
  // A build that fails half-way must not look current.
  rmSync(part.stamp, { force: true });
  await part.build();
  mkdirSync(join(part.stamp, '..'), { recursive: true });
  writeFileSync(part.stamp, `${new Date().toISOString()}\n`);
}
