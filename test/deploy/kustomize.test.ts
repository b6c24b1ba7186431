import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { serviceSkipReason } from '../conversations/service-availability';
import { freePort, repoRoot } from '../support/gateway-process';
import { validateGroups, validateObjects } from './support/kube-schema';
import { renderKustomizeBase } from './support/kustomize-base';
import { restrictedViolationsOf } from './support/pod-security';
import { helmTemplate, installed, KubeObject, kustomize, parseManifests, single } from './support/rendered-manifests';
import { containerOf, probe, runRenderedContainer } from './support/rendered-pod';

const OVERLAYS = ['deploy/k8s/overlays/dev', 'deploy/k8s/overlays/production'];
const KEYS = { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-test', GOOGLE_API_KEY: 'test' };

function kinds(objects: KubeObject[]): string[] {
  return [...new Set(objects.map((object) => object.kind))].sort();
}

/** The rendered objects with the bundled Redis's address replaced by this machine's Redis (database 15). */
function withLocalRedis(objects: KubeObject[]): KubeObject[] {
  return objects.map((object) => {
    if (object.kind !== 'ConfigMap' || !(object.data as Record<string, string> | undefined)?.['config.yaml']) return object;
    const data = object.data as Record<string, string>;
    return { ...object, data: { ...data, 'config.yaml': data['config.yaml'].replaceAll('redis://latticelm-redis:6379/0', 'redis://127.0.0.1:6379/15') } };
  });
}

describe('kustomize manifests', () => {
  it('the base is the chart rendered with deploy/k8s/chart-values.yaml (regenerate when this fails)', async () => {
    const files = await renderKustomizeBase();
    for (const [path, content] of Object.entries(files)) {
      assert.equal(readFileSync(join(repoRoot(), path), 'utf8'), content, `${path} is stale: npm run build && node dist/test/deploy/support/kustomize-base.js --write`);
    }
  });

  it('every overlay: every object valid against the schemas, every pod restricted, all in the overlay namespace', async () => {
    const groups: Record<string, KubeObject[]> = {};
    for (const overlay of OVERLAYS) groups[overlay] = await kustomize(overlay);
    assert.deepEqual(validateGroups(groups), []);
    for (const [overlay, objects] of Object.entries(groups)) {
      assert.deepEqual(restrictedViolationsOf(objects), [], overlay);
      const namespace = single(objects, 'Namespace');
      assert.equal(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
      for (const object of objects) if (object.kind !== 'Namespace') assert.equal(object.metadata.namespace, namespace.metadata.name, `${overlay}: ${object.kind}/${object.metadata.name}`);
    }
  });

  it('production renders the set the chart renders for production, plus the Redis StatefulSet and the namespace', async () => {
    const objects = await kustomize('deploy/k8s/overlays/production');
    const chart = await helmTemplate({ valuesFiles: ['deploy/helm/values-production.yaml'] });
    assert.equal(chart.error, undefined);
    const expected = new Set([...kinds(installed(chart.objects)), 'StatefulSet', 'Namespace']);
    assert.deepEqual(kinds(objects), [...expected].sort());
    const hpa = single(objects, 'HorizontalPodAutoscaler').spec as { minReplicas: number; maxReplicas: number };
    assert.deepEqual([hpa.minReplicas, hpa.maxReplicas], [3, 20]);
    const ingress = single(objects, 'Ingress').spec as { tls: { hosts: string[] }[]; rules: { host: string }[] };
    assert.deepEqual([ingress.rules[0].host, ingress.tls[0].hosts], ['llm.example.com', ['llm.example.com']]);
    const deployment = single(objects, 'Deployment').spec as any;
    assert.equal(deployment.template.spec.containers[0].image, 'registry.example.com/platform/latticelm:0.1.0');
    // the generated ConfigMap's hashed name is what the pod mounts
    const configMap = single(objects, 'ConfigMap', (object) => object.metadata.name.startsWith('latticelm-config-'));
    assert.equal(deployment.template.spec.volumes.find((volume: any) => volume.name === 'config').configMap.name, configMap.metadata.name);
    assert.equal(single(objects, 'ConfigMap', (object) => object.metadata.name === 'latticelm-dashboard').metadata.labels?.grafana_dashboard, '1');
  });

  it('the External Secrets and Sealed Secrets examples are valid and produce every key the pods require', async () => {
    const examples = ['external-secret.yaml', 'sealed-secret.yaml'].flatMap((file) =>
      parseManifests(readFileSync(join(repoRoot(), 'deploy', 'k8s', 'examples', file), 'utf8'), file),
    );
    assert.deepEqual(validateObjects(examples), []);
    const deployment = single(await kustomize('deploy/k8s/overlays/production'), 'Deployment');
    const required = (containerOf(deployment).env ?? []).flatMap((variable) => (variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef] : []));
    assert.ok(required.length >= 3);
    const external = single(examples, 'ExternalSecret').spec as { target: { name: string }; data: { secretKey: string }[] };
    const sealed = single(examples, 'SealedSecret').spec as { template: { metadata: { name: string } }; encryptedData: Record<string, string> };
    for (const ref of required) {
      assert.equal(external.target.name, ref.name);
      assert.equal(sealed.template.metadata.name, ref.name);
      assert.ok(external.data.some((entry) => entry.secretKey === ref.key), `ExternalSecret lacks ${ref.key}`);
      assert.ok(ref.key in sealed.encryptedData, `SealedSecret lacks ${ref.key}`);
    }
  });

  it('dev drops what needs the Prometheus Operator or an ingress, runs one replica', async () => {
    const objects = await kustomize('deploy/k8s/overlays/dev');
    assert.deepEqual(kinds(objects), ['ConfigMap', 'Deployment', 'Namespace', 'NetworkPolicy', 'Service', 'ServiceAccount', 'StatefulSet']);
    assert.equal((single(objects, 'Deployment').spec as { replicas: number }).replicas, 1);
  });

  for (const overlay of OVERLAYS) {
    it(`${overlay}: the rendered gateway answers /health and /ready`, async (t) => {
      const skip = await serviceSkipReason('Redis', '127.0.0.1', 6379);
      if (skip) return t.skip(skip);
      const objects = withLocalRedis(await kustomize(overlay));
      const pod = await runRenderedContainer({ objects, workload: single(objects, 'Deployment'), secrets: { 'latticelm-secrets': KEYS }, port: await freePort() });
      try {
        assert.equal((await probe(pod, '/health')).status, 200);
        const ready = await probe(pod, '/ready');
        assert.equal(ready.status, 200, JSON.stringify(ready.body));
        assert.equal(await pod.terminate(), 0);
      } finally {
        await pod.dispose();
      }
    });
  }
});
