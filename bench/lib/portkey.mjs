// Portkey's open-source gateway (npm @portkey-ai/gateway) as a peer to measure against: installed by the bench
// into a cache folder outside the project (reused when the version matches; never a project dependency) and
// run on the same Node as the gateway, on loopback, routed to the fake with Portkey's own headers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEY } from './gateway-process.mjs';
import { childEnv, freePort, startChild, waitForReady } from './processes.mjs';

const PACKAGE = '@portkey-ai/gateway';

function installedVersion(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'node_modules', PACKAGE, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function npmEnv() {
  const env = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^npm_(?!config_)/i.test(name) || /^npm_config_(local_prefix|prefix|global_prefix|global|save|save_dev)$/i.test(name)) continue;
    env[name] = value;
  }
  return env;
}

/** The path of Portkey's Node entry point (build/start-server.js), installing it first when needed. */
export function ensurePortkey({ portkeyDir: dir, portkeyVersion: version }, log) {
  const entry = join(dir, 'node_modules', PACKAGE, 'build/start-server.js');
  if (installedVersion(dir) === version && existsSync(entry)) return { entry, version, installed: false };
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, `${JSON.stringify({ name: 'latticelm-bench-portkey', private: true, description: 'Portkey install cache of the latticelm bench' }, null, 2)}\n`);
  log(`installing ${PACKAGE}@${version} into ${dir} (once; reused by later runs)`);
  // --ignore-scripts: its only script is a patch-package postinstall for its own development tree.
  // --prefix and an environment without `npm run`'s npm_* variables (npm_config_local_prefix points at this
  // project) so nothing can land in the project's node_modules or package.json.
  execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', `${PACKAGE}@${version}`], {
    cwd: dir,
    env: npmEnv(),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (installedVersion(dir) !== version || !existsSync(entry)) throw new Error(`installing ${PACKAGE}@${version} into ${dir} left no ${entry}`);
  return { entry, version, installed: true };
}

/**
 * `--port=N` is Portkey's only listen option; bench/portkey-preload.cjs makes it listen on 127.0.0.1 (it binds
 * every interface otherwise) and fixes its `stream: true` path on Node ≥ 20. NODE_ENV=production and --headless
 * leave out its log UI, as a deployment would.
 */
export async function startPortkey(settings, entry) {
  const port = await freePort();
  const args = ['--require', join(settings.root, 'bench/portkey-preload.cjs'), entry, `--port=${port}`, '--headless'];
  const handle = startChild('Portkey', settings.node, args, {
    cwd: settings.portkeyDir,
    env: childEnv({ NODE_ENV: 'production', PORTKEY_BIND_HOST: '127.0.0.1' }),
  });
  await waitForReady(handle, `http://127.0.0.1:${port}`, 30_000, '/');
  return { handle, port };
}

/** Portkey's routing headers: provider openai at a custom host (the fake's /v1), the upstream key passed through. */
export function portkeyHeaders(fakePort) {
  return { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `http://127.0.0.1:${fakePort}/v1`, authorization: `Bearer ${API_KEY}` };
}
