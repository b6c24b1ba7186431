import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../../support/gateway-process';
import { deployTools, runTool } from './deploy-tools';

/** One rendered Kubernetes object, as YAML gives it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export const CHART_DIR = join('deploy', 'helm', 'latticelm');
export const KUSTOMIZE_DIR = join('deploy', 'k8s');

export function parseManifests(text: string, source: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) throw new Error(`${source}: ${document.errors.map((error) => error.message).join('; ')}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    const object = value as KubeObject;
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || typeof object.metadata?.name !== 'string') {
      throw new Error(`${source}: a document without apiVersion, kind or metadata.name: ${JSON.stringify(value).slice(0, 200)}`);
    }
    objects.push(object);
  }
  return objects;
}

export interface HelmRender {
  objects: KubeObject[];
  /** helm's error output when rendering failed */
  error?: string;
}

/** `helm template` of the chart with values files (relative to the repo) and --set pairs. */
export async function helmTemplate(options: { valuesFiles?: string[]; set?: string[]; release?: string; namespace?: string } = {}): Promise<HelmRender> {
  const args = ['template', options.release ?? 'latticelm', join(repoRoot(), CHART_DIR), '--namespace', options.namespace ?? 'latticelm'];
  for (const file of options.valuesFiles ?? []) args.push('--values', join(repoRoot(), file));
  for (const pair of options.set ?? []) args.push('--set', pair);
  const result = await runTool(deployTools().helm, args);
  if (result.code !== 0) return { objects: [], error: result.stderr || result.stdout };
  return { objects: parseManifests(result.stdout, 'helm template') };
}

/** `kubectl kustomize` of a directory relative to the repo. */
export async function kustomize(dir: string): Promise<KubeObject[]> {
  const result = await runTool(deployTools().kubectl, ['kustomize', join(repoRoot(), dir)]);
  if (result.code !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${result.stderr}`);
  return parseManifests(result.stdout, `kubectl kustomize ${dir}`);
}

export function only(objects: KubeObject[], kind: string, predicate: (object: KubeObject) => boolean = () => true): KubeObject[] {
  return objects.filter((object) => object.kind === kind && predicate(object));
}

export function single(objects: KubeObject[], kind: string, predicate?: (object: KubeObject) => boolean): KubeObject {
  const found = only(objects, kind, predicate);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}: ${found.map((object) => object.metadata.name).join(', ')}`);
  return found[0];
}

/** Objects helm installs (hooks such as `helm test` pods excluded). */
export function installed(objects: KubeObject[]): KubeObject[] {
  return objects.filter((object) => !object.metadata.annotations?.['helm.sh/hook']);
}
