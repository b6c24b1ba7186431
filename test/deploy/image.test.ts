import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { freePort, repoRoot } from '../support/gateway-process';
import { startGateway } from './support/gateway-start';
import { helmTemplate, single } from './support/rendered-manifests';
import { containerOf } from './support/rendered-pod';

// The image recipe: runtime-only content, a pinned base, a numeric user, an entrypoint the chart agrees with, a
// health check that follows the configured port. (Building it needs a container builder and a base image; the
// report in deploy/README.md gives the measured size of what the runtime stage copies.)

const dockerfile = () => readFileSync(join(repoRoot(), 'Dockerfile'), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** .dockerignore semantics: patterns in order, `!` re-includes, the last match wins; `**` spans folders. */
function dockerignoreIncludes(rules: string[], path: string): boolean {
  let included = true;
  for (const rule of rules) {
    const negated = rule.startsWith('!');
    const pattern = negated ? rule.slice(1) : rule;
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\/?/g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        // eslint-disable-next-line no-control-regex -- NUL marks where a `**` stood before the single-star rules ran
        .replace(/\u0000/g, '.*')}(/.*)?$`,
    );
    if (regex.test(path)) included = negated;
  }
  return included;
}

async function runHealthcheck(pid: number): Promise<{ code: number; output: string }> {
  const child = spawn(process.execPath, [join(repoRoot(), 'deploy', 'docker', 'healthcheck.js')], {
    env: { PATH: process.env.PATH, LATTICELM_HEALTHCHECK_PID: String(pid) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, output };
}

/** The built gateway with this config and env (no PORT unless given), until `use` returns. */
async function withGateway<T>(config: string, env: NodeJS.ProcessEnv, use: (pid: number, stop: () => Promise<void>) => Promise<T>): Promise<T> {
  const gateway = await startGateway(['--config', config], env);
  try {
    return await use(gateway.child.pid!, () => gateway.stop());
  } finally {
    await gateway.stop();
  }
}

describe('container image', () => {
  it('pins its base, pulls no BuildKit frontend, runs as a numeric non-root user', () => {
    const text = dockerfile();
    assert.doesNotMatch(text, /^#\s*syntax\s*=/im, 'a syntax directive makes BuildKit pull a frontend image');
    const steps = instructions(text);
    const baseArg = steps.find((step) => step.keyword === 'ARG' && step.args.startsWith('NODE_IMAGE='));
    assert.match(baseArg?.args ?? '', /^NODE_IMAGE=node:22\.\d+\.\d+-bookworm-slim$/, 'the base names an exact Node release');
    for (const from of steps.filter((step) => step.keyword === 'FROM')) assert.match(from.args, /^\$\{NODE_IMAGE\} AS \w+$/);
    const users = steps.filter((step) => step.keyword === 'USER');
    assert.equal(users.length, 1);
    assert.match(users[0].args, /^[1-9]\d*:[1-9]\d*$/);
  });

  it('copies only runtime content into the final stage, and no tests into the build', () => {
    const steps = instructions(dockerfile());
    const runtimeStart = steps.findIndex((step) => step.keyword === 'FROM' && step.args.endsWith('AS runtime'));
    const buildSteps = steps.slice(0, runtimeStart);
    const runtimeCopies = steps.slice(runtimeStart).filter((step) => step.keyword === 'COPY').map((step) => step.args);
    assert.ok(!buildSteps.some((step) => step.keyword === 'COPY' && /\btest\b/.test(step.args)), 'the build stage compiles no tests');
    assert.ok(buildSteps.some((step) => step.keyword === 'RUN' && /npm prune --omit=dev --omit=optional/.test(step.args) && /prune-runtime\.mjs/.test(step.args)));
    assert.deepEqual(runtimeCopies, [
      '--from=build /app/node_modules ./node_modules',
      '--from=build /app/dist ./dist',
      '--from=build /app/package.json ./package.json',
      'deploy/docker/healthcheck.js ./healthcheck.js',
      'config.example.yaml ./config.example.yaml',
    ]);
  });

  it('has an entrypoint that is the chart command, so args reach the gateway', async () => {
    const steps = instructions(dockerfile());
    const entrypoint = JSON.parse(steps.find((step) => step.keyword === 'ENTRYPOINT')!.args) as string[];
    const workdir = steps.filter((step) => step.keyword === 'WORKDIR').at(-1)!.args;
    const render = await helmTemplate({ set: ['existingSecret=s'] });
    const container = containerOf(single(render.objects, 'Deployment'));
    assert.deepEqual(entrypoint, container.command);
    assert.equal(workdir, container.workingDir);
    const healthcheck = steps.find((step) => step.keyword === 'HEALTHCHECK')!;
    assert.match(healthcheck.args, /CMD \["node", "healthcheck\.js"\]$/);
  });

  it('sends only the build inputs to the builder (.dockerignore)', () => {
    const rules = readFileSync(join(repoRoot(), '.dockerignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    for (const path of ['package.json', 'package-lock.json', 'scripts/build.mjs', 'tsconfig.build.json', 'apps/gateway/src/main.ts', 'libs/config/src/load-config.ts', 'deploy/docker/healthcheck.js', 'deploy/docker/prune-runtime.mjs', 'config.example.yaml']) {
      assert.ok(dockerignoreIncludes(rules, path), `${path} must reach the build`);
    }
    for (const path of ['node_modules/x/index.js', 'dist/apps/gateway/src/main.js', 'test/e2e/startup.test.ts', 'libs/config/src/build-config.spec.ts', '.git/HEAD', 'deploy/helm/latticelm/values.yaml', 'bench/run-bench.mjs', 'scripts/run-tests.mjs', 'data/conversations.db', 'config.yaml', 'README.md']) {
      assert.ok(!dockerignoreIncludes(rules, path), `${path} must stay out of the build context`);
    }
  });

  it('prune-runtime keeps the sqlite3 addon and drops build trees, install-only packages, types and maps', async () => {
    const root = mkdtempSync(join(tmpdir(), 'latticelm-prune-'));
    const files = [
      'sqlite3/package.json', 'sqlite3/lib/sqlite3.js', 'sqlite3/build/Release/node_sqlite3.node', 'sqlite3/build/Release/obj.target/x.o',
      'sqlite3/build/Makefile', 'sqlite3/deps/sqlite.c', 'sqlite3/src/database.cc', 'node-gyp/index.js', 'prebuild-install/bin.js',
      'node-addon-api/napi.h', '@types/node/index.d.ts', 'pkg/index.js', 'pkg/index.d.ts', 'pkg/index.js.map', 'pkg/README.md', 'pkg/LICENSE.md', 'pkg/src/a.ts',
    ];
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), 'x');
    }
    const child = spawn(process.execPath, [join(repoRoot(), 'deploy', 'docker', 'prune-runtime.mjs'), root], { stdio: 'ignore' });
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 0);
    const kept = files.filter((file) => existsSync(join(root, file)));
    assert.deepEqual(kept, ['sqlite3/package.json', 'sqlite3/lib/sqlite3.js', 'sqlite3/build/Release/node_sqlite3.node', 'pkg/index.js', 'pkg/LICENSE.md']);
  });

  it('the health check follows the port the gateway resolved from its config file, and from PORT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latticelm-healthcheck-'));
    const configPort = await freePort();
    const config = join(dir, 'config.yaml');
    writeFileSync(config, `server: { address: "127.0.0.1:${configPort}" }\nconversations: { store: memory }\nproviders: { openai: { type: openai, api_key: sk-x } }\n`);
    const [fromFile, stopped] = await withGateway(config, {}, async (pid, stop) => {
      const running = await runHealthcheck(pid);
      await stop();
      return [running, await runHealthcheck(pid)];
    });
    assert.equal(fromFile.code, 0, fromFile.output);
    assert.match(fromFile.output, new RegExp(`http://127\\.0\\.0\\.1:${configPort}/health 200`));
    assert.equal(stopped.code, 1, 'a stopped gateway is unhealthy');

    const envPort = await freePort();
    const fromEnv = await withGateway(config, { PORT: String(envPort) }, (pid) => runHealthcheck(pid));
    assert.equal(fromEnv.code, 0, fromEnv.output);
    assert.match(fromEnv.output, new RegExp(`:${envPort}/health 200`));

    const notGateway = await runHealthcheck(process.pid);
    assert.equal(notGateway.code, 1);
    assert.match(notGateway.output, /is not the gateway/);
  });
});
