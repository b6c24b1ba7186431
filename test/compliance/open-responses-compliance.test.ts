import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PROVIDER_FIXTURES } from '../contract/fixtures';
import type { FakeUpstream } from '../fakes/fake-upstream';
import { RunningGateway, startGateway } from '../support/gateway-harness';
import { repoRoot } from '../support/gateway-process';

/**
 * The official Open Responses compliance suite (shared/openresponses/compliance, an unmodified snapshot of the
 * standard's own runner), run against the gateway in front of every provider's fake: all of it — plain HTTP,
 * WebSocket mode and /responses/compact.
 */
const RUNNER = join(repoRoot(), '..', 'shared', 'openresponses', 'compliance', 'run.sh');
const TESTS = [
  'basic-response',
  'assistant-phase',
  'response-output-phase-schema',
  'streaming-response',
  'websocket-response',
  'websocket-sequential-responses',
  'websocket-continuation',
  'websocket-reconnect-store-false-recovery',
  'websocket-previous-response-not-found',
  'websocket-failed-continuation-evicts-cache',
  'websocket-compact-new-chain',
  'system-prompt',
  'tool-calling',
  'image-input',
  'multi-turn',
  'compact-response',
  'compact-missing-model',
];

function missingRunner(): string | undefined {
  if (existsSync(RUNNER)) return undefined;
  const reason = `the compliance suite is not at ${RUNNER}`;
  if (process.env.LATTICELM_REQUIRE_SERVICES === '1') throw new Error(reason);
  return reason;
}

interface SuiteResult {
  summary: { passed: number; failed: number; skipped: number; total: number };
  results: { id?: string; name: string; status: string; errors?: string[] }[];
}

/** The suite needs Node 22 (WebSocket): this process's when it is one, else the repository's pinned binary. */
function node22(): string {
  return Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : join(repoRoot(), 'node_modules', 'node', 'bin', 'node');
}

/** Runs the suite as its own process (async: the gateway under test lives in this one). */
function runSuite(baseUrl: string, model: string): Promise<SuiteResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [RUNNER, baseUrl, '--model', model, '--json', '--filter', TESTS.join(',')], {
      env: { ...process.env, NODE_BIN: node22() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const start = stdout.indexOf('{');
      try {
        resolve(JSON.parse(stdout.slice(start)) as SuiteResult);
      } catch {
        reject(new Error(`the compliance suite printed no JSON result:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
      }
    });
  });
}

const skip = missingRunner();

for (const fixture of PROVIDER_FIXTURES) {
  describe(`official Open Responses compliance suite: ${fixture.name}`, () => {
    let fake: FakeUpstream;
    let gateway: RunningGateway;

    before(async () => {
      if (skip) return;
      fake = await fixture.createFake().start();
      // The suite's tool test asks for the weather with a get_weather tool: the vendor calls it, as a model would.
      fake.respondWith((request) =>
        fixture.read.toolNames(request).includes('get_weather')
          ? { kind: 'tool_calls', calls: [{ name: 'get_weather', arguments: '{"location":"San Francisco, CA"}' }] }
          : undefined,
      );
      gateway = await startGateway({
        providers: { [fixture.name]: fixture.providerConfig(fake.url) },
        models: [{ name: fixture.model, provider: fixture.name, provider_model_id: fixture.providerModelId ?? fixture.model }],
      });
    });
    after(async () => {
      if (skip) return;
      await gateway.close();
      await fake.stop();
    });

    it(`passes all ${TESTS.length} tests`, { skip, timeout: 180_000 }, async () => {
      const result = await runSuite(`${gateway.url}/v1`, fixture.model);
      const failures = result.results.filter((test) => test.status !== 'passed');
      assert.deepEqual(
        failures.map((test) => `${test.name}: ${(test.errors ?? []).join('; ')}`),
        [],
        'every compliance test passes',
      );
      assert.equal(result.summary.passed, TESTS.length);
    });
  });
}

/**
 * The same suite twice through a gateway with the response cache on: the second pass answers what it can from the
 * cache (fewer vendor calls than the first), and every cached answer, JSON or streamed, must still satisfy the
 * standard's own checks.
 */
describe('official Open Responses compliance suite, answered from the response cache', () => {
  const fixture = PROVIDER_FIXTURES[0];
  let fake: FakeUpstream;
  let gateway: RunningGateway;

  before(async () => {
    if (skip) return;
    fake = await fixture.createFake().start();
    fake.respondWith((request) =>
      fixture.read.toolNames(request).includes('get_weather')
        ? { kind: 'tool_calls', calls: [{ name: 'get_weather', arguments: '{"location":"San Francisco, CA"}' }] }
        : undefined,
    );
    gateway = await startGateway({
      providers: { [fixture.name]: fixture.providerConfig(fake.url) },
      models: [{ name: fixture.model, provider: fixture.name, provider_model_id: fixture.providerModelId ?? fixture.model }],
      response_cache: { enabled: true },
      observability: { enabled: true, metrics: { enabled: true } },
    });
  });
  after(async () => {
    if (skip) return;
    await gateway.close();
    await fake.stop();
  });

  it(`passes all ${TESTS.length} tests twice, the second time with cache hits`, { skip, timeout: 300_000 }, async () => {
    const first = await runSuite(`${gateway.url}/v1`, fixture.model);
    const vendorCallsFirst = fake.requests.length;
    const second = await runSuite(`${gateway.url}/v1`, fixture.model);
    const vendorCallsSecond = fake.requests.length - vendorCallsFirst;
    for (const [pass, result] of [['first', first], ['second', second]] as const) {
      const failures = result.results.filter((test) => test.status !== 'passed');
      assert.deepEqual(failures.map((test) => `${pass} pass, ${test.name}: ${(test.errors ?? []).join('; ')}`), [], `every compliance test passes (${pass} pass)`);
    }
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    const hits = /^latticelm_response_cache_total\{[^}]*result="hit"[^}]*\} (\d+)/m.exec(metrics);
    assert.ok(hits && Number(hits[1]) > 0, `the second pass was answered from the cache:\n${metrics.split('\n').filter((line) => line.includes('response_cache')).join('\n')}`);
    assert.ok(vendorCallsSecond < vendorCallsFirst, `fewer vendor calls on the second pass (${vendorCallsSecond} vs ${vendorCallsFirst})`);
  });
});
