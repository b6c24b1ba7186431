import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { serviceSkipReason } from '../conversations/service-availability';
import { freePort } from '../support/gateway-process';
import { helmTemplate, KubeObject, single } from './support/rendered-manifests';
import { containerOf, probe, RunningPod, runRenderedContainer } from './support/rendered-pod';

// The chart's pod as rendered, started from the built gateway: the command and args of the container, the
// config from the ConfigMap, the env from the Secret. It must answer /health and /ready, and stop cleanly.

const KEYS = { OPENAI_API_KEY: 'sk-test-openai', ANTHROPIC_API_KEY: 'sk-test-anthropic', GOOGLE_API_KEY: 'test-google', REDIS_PASSWORD: '' };

async function render(options: Parameters<typeof helmTemplate>[0]): Promise<KubeObject[]> {
  const result = await helmTemplate(options);
  assert.equal(result.error, undefined, result.error);
  return result.objects;
}

async function withPod(objects: KubeObject[], secrets: Record<string, Record<string, string>>, use: (pod: RunningPod) => Promise<void>): Promise<void> {
  const pod = await runRenderedContainer({ objects, workload: single(objects, 'Deployment'), secrets, port: await freePort() });
  try {
    await use(pod);
  } finally {
    await pod.dispose();
  }
}

/** The helm test pod's command, against the running gateway (in the cluster the Service name resolves to it). */
async function runHelmTestPod(testPod: KubeObject, pod: RunningPod): Promise<void> {
  const container = containerOf(testPod);
  assert.equal(container.command![0], 'node');
  const child = spawn(process.execPath, [...container.command!.slice(1), ...(container.args ?? [])], {
    env: { PATH: process.env.PATH, LATTICELM_URL: pod.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const [code] = (await once(child, 'exit')) as [number];
  assert.equal(code, 0, output);
  assert.match(output, /\/health 200[\s\S]*\/ready 200/);
}

describe('the rendered chart runs the gateway', () => {
  it('defaults: answers /health and /ready with SQLite in the data volume, writes nothing else, passes helm test, drains on SIGTERM', async (t) => {
    const objects = await render({ set: ['existingSecret=latticelm-secrets'] });
    await withPod(objects, { 'latticelm-secrets': { OPENAI_API_KEY: KEYS.OPENAI_API_KEY } }, async (pod) => {
      if (!pod.asPodUser) t.diagnostic('not root (or the checkout is unreadable to uid 1000): ran as the current user');
      const health = await probe(pod, '/health');
      assert.equal(health.status, 200);
      assert.equal((health.body as { status: string }).status, 'healthy');
      const ready = await probe(pod, '/ready');
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      assert.deepEqual((ready.body as { checks: object }).checks, { conversation_store: 'healthy', providers: 'healthy', upstreams: 'healthy', circuits: { openai: 'closed' } });
      assert.ok(existsSync(join(pod.root, 'app', 'data', 'conversations.db')), 'SQLite lives on the data volume');
      assert.equal((await probe(pod, '/metrics')).status, 200);
      assert.deepEqual(pod.imageWrites(), [], 'nothing written outside the volumes (the root filesystem is read-only)');
      await runHelmTestPod(single(objects, 'Pod'), pod);
      assert.equal(await pod.terminate(), 0);
      assert.match(pod.output(), /draining/);
    });
  });

  it('does not start without the keys the config names (CreateContainerConfigError, not a Ready pod without keys)', async () => {
    const objects = await render({ set: ['existingSecret=latticelm-secrets'] });
    await assert.rejects(
      runRenderedContainer({ objects, workload: single(objects, 'Deployment'), secrets: { 'latticelm-secrets': { OTHER: 'x' } }, port: await freePort() }),
      /CreateContainerConfigError: OPENAI_API_KEY needs key "OPENAI_API_KEY" of secret "latticelm-secrets", which lacks it/,
    );
    await assert.rejects(
      runRenderedContainer({ objects, workload: single(objects, 'Deployment'), secrets: {}, port: await freePort() }),
      /CreateContainerConfigError/,
    );
  });

  it('production values: answers /health, /ready and the ServiceMonitor path with conversations and limits in Redis', async (t) => {
    const skip = await serviceSkipReason('Redis', '127.0.0.1', 6379);
    if (skip) return t.skip(skip);
    // the one change: the managed Redis's address becomes this machine's Redis (database 15)
    const objects = await render({ valuesFiles: ['deploy/helm/values-production.yaml'], set: ['externalRedis.url=redis://127.0.0.1:6379/15'] });
    const metricsPath = (single(objects, 'ServiceMonitor').spec as { endpoints: { path: string }[] }).endpoints[0].path;
    await withPod(objects, { 'latticelm-provider-keys': KEYS }, async (pod) => {
      assert.equal((await probe(pod, '/health')).status, 200);
      const ready = await probe(pod, '/ready');
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      assert.equal((ready.body as { checks: { conversation_store: string } }).checks.conversation_store, 'healthy');
      const metrics = await probe(pod, metricsPath);
      assert.equal(metrics.status, 200);
      // circuits are per (provider, model) and appear with their models' first use; the gateway's series are served
      assert.match(String(metrics.body), /^# TYPE latticelm_circuit_breaker_state gauge$/m);
      assert.equal(await pod.terminate(), 0);
    });
    // and it is that Redis the pod depends on: with nothing listening there, start-up fails naming the store
    const unreachable = await render({ valuesFiles: ['deploy/helm/values-production.yaml'], set: [`externalRedis.url=redis://127.0.0.1:${await freePort()}/15`] });
    await assert.rejects(
      runRenderedContainer({ objects: unreachable, workload: single(unreachable, 'Deployment'), secrets: { 'latticelm-provider-keys': KEYS }, port: await freePort() }),
      /exited with 1 before listening[\s\S]*redis/i,
    );
  });
});
