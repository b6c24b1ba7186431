import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { distDir, repoRoot } from '../../support/gateway-process';
import { podOf, PodSpec } from './pod-security';
import type { KubeObject } from './rendered-manifests';

/**
 * Runs a rendered workload's gateway container the way the kubelet would start it in the image, on this machine:
 * the image's /app (dist, node_modules, package.json of this checkout), every volume mount at its path under a
 * sandbox root (ConfigMaps and Secrets written from the render, emptyDirs and claims as empty folders owned by
 * the pod's user), the container's env and envFrom resolved (a missing Secret key fails as CreateContainerConfigError
 * would), `$(VAR)` expanded, then exactly command + args in workingDir — as the pod's runAsUser/runAsGroup when this
 * runs as root, so anything written outside the volumes fails as on a read-only root filesystem.
 *
 * The sandbox stands in for the container's filesystem, so absolute paths under a mount (in args and in the
 * mounted config file) are re-rooted into it, and PORT selects a free port instead of the containerPort.
 */

type EnvVar = {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
  };
};
type EnvFrom = { secretRef?: { name: string; optional?: boolean }; configMapRef?: { name: string; optional?: boolean }; prefix?: string };
type VolumeMount = { name: string; mountPath: string; subPath?: string; readOnly?: boolean };
type Volume = {
  name: string;
  configMap?: { name: string; items?: { key: string; path: string }[] };
  secret?: { secretName: string; items?: { key: string; path: string }[] };
  emptyDir?: object;
  persistentVolumeClaim?: object;
};
interface ContainerSpec {
  name: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: EnvVar[];
  envFrom?: EnvFrom[];
  volumeMounts?: VolumeMount[];
  ports?: { name?: string; containerPort: number }[];
  securityContext?: { runAsUser?: number; runAsGroup?: number };
}

/** What the cluster would hold beside the render: Secrets created outside the chart, by name. */
export type ClusterSecrets = Record<string, Record<string, string>>;

export interface RunningPod {
  url: string;
  child: ChildProcess;
  /** the sandbox folder standing for the container's root */
  root: string;
  /** whether the process runs as the pod's user (false when the tests do not run as root) */
  asPodUser: boolean;
  argv: string[];
  output(): string;
  /** SIGTERM (as the kubelet after preStop) and the exit code */
  terminate(): Promise<number | null>;
  /** files and folders the process created in the image's folders (anything outside the volumes) */
  imageWrites(): string[];
  /** kills the process if it still runs and removes the sandbox */
  dispose(): Promise<void>;
}

/** The image's content the container runs from (the Dockerfile's runtime stage copies these into /app). */
const IMAGE_APP_ENTRIES = ['dist', 'node_modules', 'package.json'];

export function containerOf(workload: KubeObject, name?: string): ContainerSpec {
  const pod = podOf(workload);
  if (!pod) throw new Error(`${workload.kind}/${workload.metadata.name} has no pod template`);
  const containers = pod.spec.containers as unknown as ContainerSpec[];
  const container = name ? containers.find((candidate) => candidate.name === name) : containers[0];
  if (!container) throw new Error(`${workload.kind}/${workload.metadata.name} has no container ${name ?? ''}`);
  return container;
}

function configMapData(objects: KubeObject[], name: string): Record<string, string> | undefined {
  const found = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === name);
  return found ? ((found.data as Record<string, string> | undefined) ?? {}) : undefined;
}

function secretData(objects: KubeObject[], secrets: ClusterSecrets, name: string): Record<string, string> | undefined {
  const found = objects.find((object) => object.kind === 'Secret' && object.metadata.name === name);
  if (found) {
    const decoded = Object.fromEntries(
      Object.entries((found.data as Record<string, string> | undefined) ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]),
    );
    return { ...decoded, ...((found.stringData as Record<string, string> | undefined) ?? {}) };
  }
  return secrets[name];
}

/** Kubernetes' $(VAR) expansion: defined names are replaced, $$ escapes, unknown references stay as written. */
function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name?: string) => {
    if (whole === '$$') return '$';
    return name !== undefined && env[name] !== undefined ? env[name] : whole;
  });
}

function resolveEnv(container: ContainerSpec, objects: KubeObject[], secrets: ClusterSecrets, pod: KubeObject): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const ref = source.secretRef ?? source.configMapRef;
    if (!ref) continue;
    const data = source.secretRef ? secretData(objects, secrets, ref.name) : configMapData(objects, ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new Error(`CreateContainerConfigError: ${source.secretRef ? 'secret' : 'configmap'} "${ref.name}" not found`);
    }
    for (const [key, value] of Object.entries(data)) env[`${source.prefix ?? ''}${key}`] = value;
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) {
      env[variable.name] = expand(variable.value, env);
      continue;
    }
    const from = variable.valueFrom ?? {};
    const keyRef = from.secretKeyRef ?? from.configMapKeyRef;
    if (keyRef) {
      const data = from.secretKeyRef ? secretData(objects, secrets, keyRef.name) : configMapData(objects, keyRef.name);
      const value = data?.[keyRef.key];
      if (value === undefined) {
        if (keyRef.optional) continue;
        throw new Error(`CreateContainerConfigError: ${variable.name} needs key "${keyRef.key}" of ${from.secretKeyRef ? 'secret' : 'configmap'} "${keyRef.name}", which ${data ? 'lacks it' : 'does not exist'}`);
      }
      env[variable.name] = value;
    } else if (from.fieldRef) {
      const fields: Record<string, string> = {
        'metadata.name': `${pod.metadata.name}-0`,
        'metadata.namespace': pod.metadata.namespace ?? 'default',
        'status.podIP': '127.0.0.1',
        'spec.nodeName': 'node-0',
      };
      env[variable.name] = fields[from.fieldRef.fieldPath] ?? '';
    } else {
      env[variable.name] = '';
    }
  }
  return env;
}

/** Can the pod's user read this checkout (every folder above it must be searchable)? */
function canRunAs(uid: number, gid: number): boolean {
  const probe = spawnSync(process.execPath, ['-e', 'require("fs").accessSync(process.argv[1], require("fs").constants.R_OK)', join(distDir(), 'apps', 'gateway', 'src', 'main.js')], { uid, gid });
  return probe.status === 0;
}

export interface RunOptions {
  /** every object of the render (ConfigMaps and Secrets are looked up here) */
  objects: KubeObject[];
  workload: KubeObject;
  secrets?: ClusterSecrets;
  port: number;
  containerName?: string;
}

export async function runRenderedContainer(options: RunOptions): Promise<RunningPod> {
  const { objects, workload, port } = options;
  const secrets = options.secrets ?? {};
  const pod = podOf(workload)!;
  const spec: PodSpec = pod.spec;
  const container = containerOf(workload, options.containerName);
  if (!container.command?.length) throw new Error('the container has no command: the image entrypoint would decide what runs');
  const workingDir = container.workingDir;
  if (!workingDir) throw new Error('the container has no workingDir: its relative command would depend on the image');
  // first, as the kubelet does: a missing Secret or key stops the container before anything runs
  const containerEnv = resolveEnv(container, objects, secrets, workload);

  const root = mkdtempSync(join(tmpdir(), 'latticelm-pod-'));
  chmodSync(root, 0o755);
  const inRoot = (path: string) => join(root, path);
  const uid = container.securityContext?.runAsUser ?? spec.securityContext?.runAsUser;
  const gid = container.securityContext?.runAsGroup ?? (spec.securityContext as { runAsGroup?: number } | undefined)?.runAsGroup ?? 0;
  const fsGroup = (spec.securityContext as { fsGroup?: number } | undefined)?.fsGroup ?? gid;

  // the image: /app with the build output, root-owned and read-only to the pod's user
  const appDir = inRoot(workingDir);
  mkdirSync(appDir, { recursive: true });
  for (const entry of IMAGE_APP_ENTRIES) {
    const source = entry === 'dist' ? distDir() : join(repoRoot(), entry);
    symlinkSync(source, join(appDir, entry));
  }

  // the volumes
  const mounts = [...(container.volumeMounts ?? [])].sort((a, b) => b.mountPath.length - a.mountPath.length);
  const volumes = (spec.volumes ?? []) as unknown as Volume[];
  for (const mount of container.volumeMounts ?? []) {
    if (mount.subPath) throw new Error(`volume mount ${mount.name}: subPath is not emulated`);
    const volume = volumes.find((candidate) => candidate.name === mount.name);
    if (!volume) throw new Error(`volume mount ${mount.name} names no volume`);
    const target = inRoot(mount.mountPath);
    mkdirSync(target, { recursive: true });
    const files = volume.configMap
      ? configMapData(objects, volume.configMap.name)
      : volume.secret
        ? secretData(objects, secrets, volume.secret.secretName)
        : undefined;
    if (volume.configMap || volume.secret) {
      const name = volume.configMap?.name ?? volume.secret!.secretName;
      if (!files) throw new Error(`volume ${mount.name}: ${volume.configMap ? 'configmap' : 'secret'} "${name}" is not in the render or the cluster`);
      const items = volume.configMap?.items ?? volume.secret?.items ?? Object.keys(files).map((key) => ({ key, path: key }));
      for (const item of items) {
        mkdirSync(dirname(join(target, item.path)), { recursive: true });
        writeFileSync(join(target, item.path), files[item.key] ?? '', { mode: 0o644 });
      }
    } else if (volume.emptyDir || volume.persistentVolumeClaim) {
      if (process.getuid?.() === 0 && uid !== undefined) chownSync(target, uid, fsGroup);
      chmodSync(target, 0o2775);
    } else {
      throw new Error(`volume ${mount.name}: type ${Object.keys(volume).filter((key) => key !== 'name').join(',')} is not emulated`);
    }
  }
  const reroot = (path: string): string => {
    if (!path.startsWith('/')) return path;
    const mount = mounts.find((candidate) => path === candidate.mountPath || path.startsWith(`${candidate.mountPath}/`));
    if (mount || path === workingDir || path.startsWith(`${workingDir}/`)) return inRoot(path);
    return path;
  };
  // absolute paths inside mounted config files point into the container's filesystem too
  for (const mount of container.volumeMounts ?? []) {
    const volume = volumes.find((candidate) => candidate.name === mount.name)!;
    if (!volume.configMap) continue;
    for (const entry of readdirSync(inRoot(mount.mountPath))) {
      if (!/\.ya?ml$/.test(entry)) continue;
      const file = join(inRoot(mount.mountPath), entry);
      const data = configMapData(objects, volume.configMap.name)![entry];
      writeFileSync(file, stringifyYaml(rerootStrings(parseYaml(data), reroot)), { mode: 0o644 });
    }
  }

  const argv = [...container.command, ...(container.args ?? [])].map((arg) => reroot(expand(arg, containerEnv)));
  const executable = argv[0] === 'node' ? process.execPath : argv[0];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // the image's ENV
    NODE_ENV: 'production',
    ...containerEnv,
    PORT: String(port),
  };
  const asPodUser = process.getuid?.() === 0 && uid !== undefined && uid !== 0 && canRunAs(uid, gid);
  const before = new Set(readdirSync(appDir));
  const child = spawn(executable, argv.slice(1), {
    cwd: appDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asPodUser ? { uid, gid } : {}),
  });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on http/.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exit.then((code) => reject(new Error(`the container exited with ${code} before listening:\n${output}`)));
  });
  // generous: on a loaded 2-core machine start-up alone can take over ten seconds
  const deadline = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    await listening;
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  } finally {
    clearTimeout(deadline);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    root,
    asPodUser,
    argv,
    output: () => output,
    async terminate() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
    imageWrites() {
      const mountNames = new Set(
        (container.volumeMounts ?? [])
          .filter((mount) => posix.dirname(mount.mountPath) === workingDir)
          .map((mount) => posix.basename(mount.mountPath)),
      );
      return readdirSync(appDir).filter((entry) => !before.has(entry) && !mountNames.has(entry));
    },
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exit;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function rerootStrings(node: unknown, reroot: (path: string) => string): unknown {
  if (typeof node === 'string') return reroot(node);
  if (Array.isArray(node)) return node.map((entry) => rerootStrings(entry, reroot));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, rerootStrings(value, reroot)]));
  }
  return node;
}

/** GET a path of the running pod: status and parsed body. */
export async function probe(pod: RunningPod, path: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${pod.url}${path}`, { signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a text body (metrics) stays text
  }
  return { status: res.status, body };
}
