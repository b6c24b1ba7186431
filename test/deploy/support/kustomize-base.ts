import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { repoRoot } from '../../support/gateway-process';
import { CHART_DIR, helmTemplate, installed, KubeObject, KUSTOMIZE_DIR } from './rendered-manifests';

/**
 * The kustomize base is the chart rendered with deploy/k8s/chart-values.yaml, so the plain manifests and the chart
 * cannot drift: the test compares the committed files with a fresh render. Helm's own labels are dropped, and
 * the two ConfigMaps become configMapGenerators (overlays replace config.yaml; the hash suffix rolls the pods,
 * which the chart does with its checksum annotation).
 *
 * Regenerate: npm run build && node dist/test/deploy/support/kustomize-base.js --write
 */

export const BASE_DIR = join(KUSTOMIZE_DIR, 'base');
const CHART_VALUES = join(KUSTOMIZE_DIR, 'chart-values.yaml');
const HELM_ONLY_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];
const HEADER = [
  '# Generated from the Helm chart (deploy/helm/latticelm) with deploy/k8s/chart-values.yaml — do not edit.',
  '# Regenerate: npm run build && node dist/test/deploy/support/kustomize-base.js --write',
];

function stripHelmLabels(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripHelmLabels);
  if (node && typeof node === 'object') {
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => !HELM_ONLY_LABELS.includes(key) && key !== 'checksum/config')
        .map(([key, value]) => [key, stripHelmLabels(value)]),
    );
  }
  return node;
}

/** The base's files (path relative to the repo → content). */
export async function renderKustomizeBase(): Promise<Record<string, string>> {
  const render = await helmTemplate({ valuesFiles: [CHART_VALUES], release: 'latticelm', namespace: 'latticelm' });
  if (render.error) throw new Error(`helm template with ${CHART_VALUES} failed:\n${render.error}`);
  const objects = installed(render.objects).map((object) => stripHelmLabels(object) as KubeObject);
  const isGenerated = (object: KubeObject) => object.kind === 'ConfigMap';
  const configMaps = objects.filter(isGenerated);
  const config = configMaps.find((object) => object.metadata.name === 'latticelm-config');
  const dashboard = configMaps.find((object) => object.metadata.name === 'latticelm-dashboard');
  if (!config || !dashboard || configMaps.length !== 2) throw new Error('expected the config and the dashboard ConfigMaps in the render');

  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['latticelm.yaml'],
    configMapGenerator: [
      { name: config.metadata.name, files: ['config.yaml'], options: { labels: config.metadata.labels } },
      {
        name: dashboard.metadata.name,
        files: ['dashboards/latticelm.json'],
        // the Grafana sidecar finds it by label; a stable name keeps one dashboard per release
        options: { labels: dashboard.metadata.labels, disableNameSuffixHash: true },
      },
    ],
  };
  const manifests = objects.filter((object) => !isGenerated(object)).map((object) => stringifyYaml(object, { lineWidth: 0 }));
  return {
    [join(BASE_DIR, 'kustomization.yaml')]: `${HEADER.join('\n')}\n${stringifyYaml(kustomization, { lineWidth: 0 })}`,
    [join(BASE_DIR, 'latticelm.yaml')]: `${HEADER.join('\n')}\n${manifests.join('---\n')}`,
    [join(BASE_DIR, 'config.yaml')]: (config.data as Record<string, string>)['config.yaml'],
    [join(BASE_DIR, 'dashboards', 'latticelm.json')]: readFileSync(join(repoRoot(), CHART_DIR, 'dashboards', 'latticelm.json'), 'utf8'),
  };
}

if (require.main === module && process.argv.includes('--write')) {
  renderKustomizeBase().then(
    (files) => {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(repoRoot(), path)), { recursive: true });
        writeFileSync(join(repoRoot(), path), content);
        console.log(`wrote ${path}`);
      }
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
