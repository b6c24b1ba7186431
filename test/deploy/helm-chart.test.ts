import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from '../support/gateway-process';
import { deployTools, runTool } from './support/deploy-tools';
import { validateGroups } from './support/kube-schema';
import { restrictedViolationsOf } from './support/pod-security';
import { CHART_DIR, helmTemplate, installed, KubeObject, only, single } from './support/rendered-manifests';
import { containerOf } from './support/rendered-pod';

const PRODUCTION = 'deploy/helm/values-production.yaml';
/** The one input the defaults need: where the provider keys live. */
const DEFAULTS = ['existingSecret=latticelm-secrets'];

const renders = new Map<string, Promise<KubeObject[]>>();

/** helm template, once per distinct set of values in this file. */
function render(options: Parameters<typeof helmTemplate>[0]): Promise<KubeObject[]> {
  const key = JSON.stringify(options);
  if (!renders.has(key)) {
    renders.set(
      key,
      helmTemplate(options).then((result) => {
        assert.equal(result.error, undefined, `helm template failed:\n${result.error}`);
        return result.objects;
      }),
    );
  }
  return renders.get(key)!;
}

/** Every configuration the chart supports, each validated below. */
const VARIANTS: Record<string, Parameters<typeof helmTemplate>[0]> = {
  defaults: { set: DEFAULTS },
  production: { valuesFiles: [PRODUCTION] },
  'inline secret': { set: ['secretEnv.OPENAI_API_KEY=sk-one'] },
  'bundled redis': { set: [...DEFAULTS, 'redis.enabled=true', 'replicaCount=3', 'networkPolicy.enabled=true', 'redis.auth.existingSecret=redis-auth'] },
  postgres: { set: [...DEFAULTS, 'replicaCount=2', 'externalDatabase.dsn=postgres://latticelm:${DATABASE_PASSWORD}@pg:5432/latticelm'] },
  persistence: { set: [...DEFAULTS, 'persistence.enabled=true', 'persistence.size=5Gi'] },
  'exec preStop, hard anti-affinity, dashboard': { set: [...DEFAULTS, 'shutdown.preStopMode=exec', 'podAntiAffinity=hard', 'grafanaDashboard.enabled=true'] },
};

async function renderError(set: string[], valuesFiles: string[] = []): Promise<string> {
  const result = await helmTemplate({ set, valuesFiles });
  assert.ok(result.error, `helm template succeeded with ${set.join(' ')}`);
  return result.error;
}

function gatewayConfig(objects: KubeObject[]): Record<string, any> {
  const configMap = single(objects, 'ConfigMap', (object) => object.metadata.name.endsWith('-config'));
  return parseYaml((configMap.data as Record<string, string>)['config.yaml']) as Record<string, any>;
}

function kinds(objects: KubeObject[]): string[] {
  return [...new Set(objects.map((object) => object.kind))].sort();
}

describe('Helm chart', () => {
  it('renders every variant as objects valid against the Kubernetes and Prometheus Operator schemas, every pod restricted', async () => {
    const groups: Record<string, KubeObject[]> = {};
    for (const [name, options] of Object.entries(VARIANTS)) groups[name] = await render(options);
    assert.deepEqual(validateGroups(groups), []);
    for (const [name, objects] of Object.entries(groups)) assert.deepEqual(restrictedViolationsOf(objects), [], name);
    // what the variants are for is there
    assert.ok(only(groups['bundled redis'], 'StatefulSet').length === 1 && only(groups.persistence, 'PersistentVolumeClaim').length === 1);
    assert.equal(only(groups['exec preStop, hard anti-affinity, dashboard'], 'ConfigMap').length, 2);
  });

  it('passes helm lint --strict with the defaults and with the production values', async () => {
    const { helm } = deployTools();
    for (const args of [['--set', DEFAULTS[0]], ['--values', join(repoRoot(), PRODUCTION)]]) {
      const result = await runTool(helm, ['lint', '--strict', join(repoRoot(), CHART_DIR), ...args]);
      assert.equal(result.code, 0, `helm lint ${args.join(' ')}:\n${result.stdout}${result.stderr}`);
      assert.doesNotMatch(result.stdout, /\[(WARNING|ERROR)\]/);
    }
  });

  it('renders the defaults as one self-contained gateway: SQLite on a volume, in-process limits, nothing else to run', async () => {
    const objects = await render(VARIANTS.defaults);
    assert.deepEqual(kinds(installed(objects)), ['ConfigMap', 'Deployment', 'Service', 'ServiceAccount']);
    const config = gatewayConfig(objects);
    assert.deepEqual(config.conversations, { store: 'sql', driver: 'sqlite3', dsn: '/app/data/conversations.db' });
    assert.equal(config.rate_limit, undefined, 'the gateway default (in-process limits, off) applies');
    assert.doesNotMatch(JSON.stringify(installed(objects)), /redis|postgres/i, 'the defaults reference no other service');

    const deployment = single(objects, 'Deployment');
    const container = containerOf(deployment);
    const spec = (deployment.spec as any).template.spec;
    assert.equal(spec.volumes.find((volume: any) => volume.name === 'data').emptyDir.sizeLimit, '1Gi');
    assert.ok(container.volumeMounts!.some((mount) => mount.mountPath === '/app/data'), 'the SQLite folder is a volume');
    assert.equal((deployment.spec as any).replicas, 1);
  });

  it('runs the gateway with a full command (args alone would go to the image entrypoint as node options)', async () => {
    const deployment = single(await render(VARIANTS.defaults), 'Deployment');
    const container = containerOf(deployment);
    assert.deepEqual(container.command, ['node', 'dist/apps/gateway/src/main.js']);
    assert.deepEqual(container.args, ['--config', '/etc/latticelm/config.yaml']);
    assert.equal(container.workingDir, '/app');
  });

  it('requires the provider-key Secret and every key the config names, so a pod without keys never goes Ready', async () => {
    const objects = await render(VARIANTS.production);
    const container = containerOf(single(objects, 'Deployment'));
    const required = (container.env ?? []).filter((variable) => variable.valueFrom?.secretKeyRef);
    assert.deepEqual(
      required.map((variable) => variable.name).sort(),
      ['ANTHROPIC_API_KEY', 'GOOGLE_API_KEY', 'OPENAI_API_KEY', 'REDIS_PASSWORD'],
    );
    for (const variable of required) {
      assert.equal(variable.valueFrom!.secretKeyRef!.name, 'latticelm-provider-keys');
      assert.notEqual(variable.valueFrom!.secretKeyRef!.optional, true);
    }
    assert.deepEqual(container.envFrom, [{ secretRef: { name: 'latticelm-provider-keys' } }], 'the Secret itself is not optional');

    // ${VAR:-default} has a default, a variable set in env does not come from the Secret
    const relaxed = await render({
      set: [...DEFAULTS, 'config.providers.openai.endpoint=${OPENAI_BASE_URL:-https://api.openai.com/v1}', 'env.OPENAI_API_KEY=from-env'],
    });
    assert.deepEqual((containerOf(single(relaxed, 'Deployment')).env ?? []).filter((variable) => variable.valueFrom).map((variable) => variable.name), []);

    assert.match(await renderError([]), /provider keys need a Secret: set existingSecret/);
  });

  it('creates the Secret from secretEnv, checks it holds what the config names and rolls pods when it changes', async () => {
    const objects = await render(VARIANTS['inline secret']);
    const secret = single(objects, 'Secret');
    assert.deepEqual(secret.stringData, { OPENAI_API_KEY: 'sk-one' });
    const checksum = (rendered: KubeObject[]) => (single(rendered, 'Deployment').spec as any).template.metadata.annotations['checksum/secret'];
    const changed = await render({ set: ['secretEnv.OPENAI_API_KEY=sk-two'] });
    assert.notEqual(checksum(objects), checksum(changed));
    assert.match(await renderError(['secretEnv.ANTHROPIC_API_KEY=sk-x']), /the config uses \$\{OPENAI_API_KEY\}, which secretEnv does not set/);
  });

  it('puts the checksum of the rendered config on the pod template', async () => {
    const objects = await render(VARIANTS.defaults);
    const configMap = single(objects, 'ConfigMap');
    const annotation = (single(objects, 'Deployment').spec as any).template.metadata.annotations['checksum/config'];
    const data = (configMap.data as Record<string, string>)['config.yaml'];
    assert.equal(annotation, createHash('sha256').update(data.replace(/\n$/, '')).digest('hex'));
    const debug = await render({ set: [...DEFAULTS, 'config.logging.level=debug'] });
    assert.notEqual((single(debug, 'Deployment').spec as any).template.metadata.annotations['checksum/config'], annotation);
  });

  it('renders the production values: HPA, PDB, network policy, ServiceMonitor, PrometheusRule, Ingress with TLS, all valid', async () => {
    const objects = await render(VARIANTS.production);
    assert.deepEqual(kinds(installed(objects)), [
      'ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'NetworkPolicy', 'PodDisruptionBudget', 'PrometheusRule',
      'Service', 'ServiceAccount', 'ServiceMonitor',
    ]);
    const deployment = single(objects, 'Deployment');
    assert.equal((deployment.spec as any).replicas, undefined, 'the HPA owns the replica count');

    const hpa = single(objects, 'HorizontalPodAutoscaler').spec as any;
    assert.equal(hpa.minReplicas, 3);
    assert.equal(hpa.maxReplicas, 20);
    assert.deepEqual(hpa.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
    assert.ok(hpa.behavior.scaleDown.stabilizationWindowSeconds >= 300, 'scale-down waits out load dips instead of cutting streams');
    assert.deepEqual(hpa.behavior.scaleDown.policies, [{ type: 'Pods', value: 1, periodSeconds: 120 }]);

    const pdb = single(objects, 'PodDisruptionBudget').spec as any;
    assert.equal(pdb.minAvailable, 2);
    assert.ok(pdb.minAvailable < hpa.minReplicas);

    const ingress = single(objects, 'Ingress').spec as any;
    assert.deepEqual(ingress.tls, [{ secretName: 'latticelm-tls', hosts: ['llm.example.com'] }]);
    const service = single(objects, 'Service', (object) => object.metadata.name === deployment.metadata.name);
    assert.deepEqual(ingress.rules[0].http.paths[0].backend.service, { name: service.metadata.name, port: { number: (service.spec as any).ports[0].port } });

    const config = gatewayConfig(objects);
    const monitor = single(objects, 'ServiceMonitor').spec as any;
    assert.equal(monitor.endpoints[0].path, config.observability.metrics?.path ?? '/metrics');
    assert.equal(monitor.endpoints[0].port, (service.spec as any).ports[0].name);
    assert.deepEqual(monitor.selector.matchLabels, (service.spec as any).selector);

    const policy = single(objects, 'NetworkPolicy').spec as any;
    assert.deepEqual(policy.policyTypes, ['Ingress', 'Egress']);
    assert.deepEqual(policy.podSelector.matchLabels, (service.spec as any).selector);

    assert.equal(config.conversations.store, 'redis');
    assert.equal(config.rate_limit.store, 'redis', 'one limit across replicas');
    assert.equal(config.server.shutdown_timeout, '120s');
  });

  it('leaves room for the preStop sleep and the drain inside terminationGracePeriodSeconds', async () => {
    for (const options of [{ set: DEFAULTS }, { valuesFiles: [PRODUCTION] }]) {
      const objects = await render(options);
      const spec = (single(objects, 'Deployment').spec as any).template.spec;
      const sleep = spec.containers[0].lifecycle.preStop.sleep.seconds as number;
      const drain = Number(/^(\d+)s$/.exec(gatewayConfig(objects).server.shutdown_timeout)![1]);
      // the gateway's last 5 s: streams still open at the deadline end with response.failed
      assert.ok(sleep >= 5 && sleep + drain + 5 <= spec.terminationGracePeriodSeconds, `${sleep} + ${drain} + 5 > ${spec.terminationGracePeriodSeconds}`);
    }
    assert.match(await renderError([...DEFAULTS, 'terminationGracePeriodSeconds=30']), /terminationGracePeriodSeconds \(30\) must cover .* = 50/);
    const exec = await render(VARIANTS['exec preStop, hard anti-affinity, dashboard']);
    assert.deepEqual((containerOf(single(exec, 'Deployment')) as any).lifecycle, { preStop: { exec: { command: ['/bin/sleep', '10'] } } });
  });

  it('bundles a Redis StatefulSet on request and points conversations and rate limits at it', async () => {
    const objects = await render(VARIANTS['bundled redis']);
    const statefulSet = single(objects, 'StatefulSet');
    const redisService = single(objects, 'Service', (object) => object.metadata.name.endsWith('-redis'));
    assert.equal((statefulSet.spec as any).serviceName, redisService.metadata.name);
    assert.equal((statefulSet.spec as any).volumeClaimTemplates[0].spec.resources.requests.storage, '1Gi');
    const config = gatewayConfig(objects);
    const url = `redis://:\${REDIS_PASSWORD}@${redisService.metadata.name}:6379/0`;
    assert.deepEqual(config.conversations, { store: 'redis', dsn: url });
    assert.equal(config.rate_limit.redis_url, url);
    const gatewayEnv = containerOf(single(objects, 'Deployment')).env ?? [];
    assert.deepEqual(gatewayEnv.find((variable) => variable.name === 'REDIS_PASSWORD')?.valueFrom?.secretKeyRef, { name: 'redis-auth', key: 'redis-password' });
    const redisPolicy = single(objects, 'NetworkPolicy', (object) => object.metadata.name.endsWith('-redis')).spec as any;
    assert.deepEqual(redisPolicy.ingress[0].from[0].podSelector.matchLabels, (single(objects, 'Service', (object) => !object.metadata.name.endsWith('-redis')).spec as any).selector);
  });

  it('uses an external PostgreSQL for conversations, and a PVC for SQLite with the Recreate strategy', async () => {
    const postgres = await render(VARIANTS.postgres);
    assert.deepEqual(gatewayConfig(postgres).conversations, { store: 'sql', driver: 'postgres', dsn: 'postgres://latticelm:${DATABASE_PASSWORD}@pg:5432/latticelm' });
    assert.ok((containerOf(single(postgres, 'Deployment')).env ?? []).some((variable) => variable.name === 'DATABASE_PASSWORD'));

    const persistent = await render(VARIANTS.persistence);
    const claim = single(persistent, 'PersistentVolumeClaim');
    assert.equal((claim.spec as any).resources.requests.storage, '5Gi');
    const deployment = single(persistent, 'Deployment').spec as any;
    assert.equal(deployment.strategy.type, 'Recreate');
    assert.equal(deployment.template.spec.volumes.find((volume: any) => volume.name === 'data').persistentVolumeClaim.claimName, claim.metadata.name);
  });

  it('refuses values that would break at run time, saying what to change', async () => {
    assert.match(await renderError([...DEFAULTS, 'replicaCount=3']), /more than one replica needs a shared conversation store/);
    assert.match(await renderError([...DEFAULTS, 'autoscaling.enabled=true']), /more than one replica needs a shared conversation store/);
    assert.match(await renderError([...DEFAULTS, 'config.server.address=:9090']), /set containerPort instead/);
    assert.match(await renderError([...DEFAULTS, 'config.server.shutdown_timeout=10s']), /set shutdown.timeoutSeconds instead/);
    assert.match(await renderError(['podDisruptionBudget.minAvailable=3'], [PRODUCTION]), /minAvailable \(3\) must be below the replica count \(3\)/);
    assert.match(await renderError([...DEFAULTS, 'redis.enabled=true', 'externalRedis.url=redis://x:6379']), /not both/);
    assert.match(await renderError([...DEFAULTS, 'serviceMonitor.enabled=true', 'config.observability.enabled=false']), /need the gateway's metrics/);
  });

  it('rejects unknown and mistyped values through values.schema.json', async () => {
    assert.match(await renderError([...DEFAULTS, 'replicaCont=3']), /additional properties 'replicaCont' not allowed/);
    assert.match(await renderError([...DEFAULTS, 'autoscaling.targetCPU=50']), /additional properties 'targetCPU' not allowed/);
    assert.match(await renderError([...DEFAULTS, 'ingress.enabled=yes']), /ingress\/enabled|enabled/);
    assert.match(await renderError([...DEFAULTS, 'image.pullPolicy=Sometimes']), /pullPolicy/);
  });

  it('prints NOTES that name the Secret, the keys the pods wait for and where conversations live', async () => {
    const result = await runTool(deployTools().helm, [
      'install', 'latticelm', join(repoRoot(), CHART_DIR), '--namespace', 'latticelm', '--dry-run=client', '--set', DEFAULTS[0],
    ]);
    assert.equal(result.code, 0, result.stderr);
    const notes = result.stdout.slice(result.stdout.indexOf('NOTES:'));
    assert.match(notes, /the Secret latticelm-secrets; the pods wait until it holds: OPENAI_API_KEY\./);
    assert.match(notes, /Conversations: sql \(sqlite3\)\n {2}in an emptyDir: they are lost when the pod is replaced/);
    assert.match(notes, /helm test latticelm -n latticelm/);
  });

  it('ships a helm test pod that meets the restricted standard and asks the Service for /health and /ready', async () => {
    const objects = await render(VARIANTS.defaults);
    const testPods = only(objects, 'Pod', (object) => object.metadata.annotations?.['helm.sh/hook'] === 'test');
    assert.equal(testPods.length, 1);
    assert.deepEqual(restrictedViolationsOf(testPods), []);
    const container = containerOf(testPods[0]);
    const service = single(objects, 'Service');
    assert.deepEqual(container.env, [{ name: 'LATTICELM_URL', value: `http://${service.metadata.name}:${(service.spec as any).ports[0].port}` }]);
    assert.match(container.args![0], /\/health.*\/ready/s);
  });
});
