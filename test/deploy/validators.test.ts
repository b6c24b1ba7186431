import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaErrors, unknownFieldErrors, validateObjects } from './support/kube-schema';
import { restrictedViolations, PodSpec } from './support/pod-security';
import type { KubeObject } from './support/rendered-manifests';

// The checks the chart and manifest tests rely on must catch what they claim to: known-bad objects here.

function deployment(container: Record<string, unknown>, podSecurity: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app' },
    spec: {
      selector: { matchLabels: { app: 'a' } },
      template: { metadata: { labels: { app: 'a' } }, spec: { securityContext: podSecurity, containers: [{ name: 'app', image: 'app:1', ...container }] } },
    },
  };
}

/** The pod of the chart this project started from (issue 14): it fails the restricted standard. */
const SEED_POD: PodSpec = {
  securityContext: { runAsNonRoot: true, runAsUser: 1000 },
  containers: [{ name: 'latticelm', securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false } as never }],
  volumes: [{ name: 'config', configMap: { name: 'c' } }, { name: 'data', emptyDir: {} }],
};

const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};

describe('schema validation of rendered objects', () => {
  it('accepts a valid Deployment', () => {
    assert.deepEqual(validateObjects([deployment({ resources: { limits: { memory: '512Mi' } } })]), []);
  });

  it('rejects a bad quantity, a wrong type and a missing required field (the Kubernetes OpenAPI schema)', () => {
    const errors = schemaErrors([
      deployment({ resources: { limits: { memory: '12Qi' } } }),
      deployment({ ports: [{ containerPort: 'http' }] }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ name: 'http' }] } },
    ]);
    assert.equal(errors.length, 3, errors.join('\n'));
    assert.match(errors[0], /limits\/memory must match format "quantity"/);
    assert.match(errors[1], /containerPort must be integer/);
    assert.match(errors[2], /ports\/0 must have required property port/);
  });

  it('rejects fields the schema does not know, as strict server-side field validation would', () => {
    const errors = unknownFieldErrors([
      deployment({ imagePullPolice: 'Always' }),
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', lables: { a: 'b' } } as never, data: {} },
    ]);
    assert.equal(errors.length, 2, errors.join('\n'));
    assert.match(errors[0], /^Deployment\/app: .*'imagePullPolice' does not exist/);
    assert.match(errors[1], /^ConfigMap\/c: .*'lables' does not exist/);
  });

  it('validates the Prometheus Operator kinds against their CRD schemas', () => {
    const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm' }, spec: { selector: {}, endpoints: [{ port: 'http', intervall: '30s' }] } };
    const rule = { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule', metadata: { name: 'r' }, spec: { groups: [{ name: 'g', rules: [{ alert: 'A' }] }] } };
    const errors = validateObjects([monitor, rule]);
    assert.ok(errors.some((error) => /PrometheusRule\/r: .*expr/.test(error)), errors.join('\n'));
    assert.ok(errors.some((error) => /ServiceMonitor\/m: .*'intervall' does not exist/.test(error)), errors.join('\n'));
  });

  it('names a kind it has no schema for instead of passing it', () => {
    const errors = schemaErrors([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]);
    assert.match(errors[0], /no schema for example.com\/v1 Widget/);
  });
});

describe('restricted Pod Security Standard check', () => {
  it('fails the seed chart pod for the capabilities and the seccomp profile', () => {
    const problems = restrictedViolations(SEED_POD);
    assert.deepEqual(problems, [
      'container latticelm: seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod), got none',
      'container latticelm: capabilities.drop must include ALL',
    ]);
  });

  it('passes a pod with the restricted settings, on the pod or the container', () => {
    assert.deepEqual(restrictedViolations({ containers: [{ name: 'a', securityContext: RESTRICTED_CONTAINER }] }), []);
    assert.deepEqual(
      restrictedViolations({
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }],
      }),
      [],
    );
  });

  it('catches root, privilege, host namespaces, host paths and extra capabilities', () => {
    const problems = restrictedViolations({
      hostNetwork: true,
      securityContext: { runAsUser: 0 },
      initContainers: [{ name: 'init', securityContext: { ...RESTRICTED_CONTAINER, privileged: true, capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } } }],
      containers: [{ name: 'a', securityContext: { ...RESTRICTED_CONTAINER, runAsNonRoot: false, seccompProfile: { type: 'Unconfined' } }, ports: [{ hostPort: 80 }] }],
      volumes: [{ name: 'host', hostPath: { path: '/' } }],
    });
    for (const expected of [
      /spec.hostNetwork must not be true/,
      /volume host: type hostPath is not allowed/,
      /securityContext.runAsUser must not be 0/,
      /container init: privileged must not be true/,
      /container init: capabilities.add may only hold NET_BIND_SERVICE, got SYS_ADMIN/,
      /container a: runAsNonRoot must be true/,
      /container a: seccompProfile.type must be RuntimeDefault or Localhost .* got Unconfined/,
      /container a: hostPort 80 is not allowed/,
    ]) {
      assert.ok(problems.some((problem) => expected.test(problem)), `${expected} not in:\n${problems.join('\n')}`);
    }
  });
});
