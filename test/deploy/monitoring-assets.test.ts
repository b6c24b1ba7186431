import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FakeOpenAI } from '../fakes/fake-openai';
import { freePort, repoRoot } from '../support/gateway-process';
import { StartedGateway, startGateway } from './support/gateway-start';
import { CHART_DIR, helmTemplate, single } from './support/rendered-manifests';

// The Grafana dashboard and the alert rules query the gateway's real series: every metric they name is exported
// by a running gateway, and every label they group or filter by is on its samples (after real traffic).

/** Labels Prometheus adds per target (ServiceMonitor) and the histogram bucket label: not the gateway's. */
const TARGET_LABELS = new Set(['namespace', 'job', 'pod', 'instance', 'service', 'endpoint', 'container', 'le']);
const GATEWAY_METRIC = /\b((?:latticelm|process|nodejs)_[a-zA-Z0-9_]+)/g;

interface Family {
  type: string;
  labels: Set<string>;
  sampled: boolean;
}

function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      families.set(type[1], { type: type[2], labels: new Set(), sampled: false });
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? /.exec(line);
    if (!sample) continue;
    const name = sample[1];
    const family = families.get(name) ?? families.get(name.replace(/_(bucket|sum|count)$/, ''));
    if (!family) continue;
    family.sampled = true;
    for (const label of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) family.labels.add(label[1]);
  }
  return families;
}

function familyOf(name: string, families: Map<string, Family>): Family | undefined {
  return families.get(name) ?? families.get(name.replace(/_(bucket|sum|count)$/, ''));
}

function labelsIn(expr: string): string[] {
  const labels = new Set<string>();
  for (const group of expr.matchAll(/\b(?:by|without)\s*\(([^)]*)\)/g)) {
    for (const label of group[1].split(',')) if (label.trim()) labels.add(label.trim());
  }
  for (const selector of expr.matchAll(/\{([^}]*)\}/g)) {
    for (const matcher of selector[1].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)\s*"/g)) labels.add(matcher[1]);
  }
  return [...labels].filter((label) => !TARGET_LABELS.has(label));
}

/** Problems of one query against the exported families; empty when it can return data. */
function queryProblems(where: string, expr: string, families: Map<string, Family>): string[] {
  const problems: string[] = [];
  const metrics = [...new Set([...expr.matchAll(GATEWAY_METRIC)].map((match) => match[1]))];
  if (metrics.length === 0 && !/\bup\b/.test(expr)) problems.push(`${where}: names no gateway metric: ${expr}`);
  for (const metric of metrics) {
    const family = familyOf(metric, families);
    if (!family) {
      problems.push(`${where}: ${metric} is not exported by the gateway`);
      continue;
    }
    if (metric.endsWith('_bucket') && family.type !== 'histogram') problems.push(`${where}: ${metric} is not a histogram`);
    if (!family.sampled) continue;
    for (const label of labelsIn(expr)) if (!family.labels.has(label)) problems.push(`${where}: ${metric} has no label "${label}"`);
  }
  return problems;
}

interface Panel {
  title: string;
  type: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

function dashboardQueries(dashboard: { panels: Panel[]; templating: { list: { name: string; query?: { query: string } | string }[] } }): [string, string][] {
  const queries: [string, string][] = [];
  const visit = (panel: Panel) => {
    for (const target of panel.targets ?? []) queries.push([`panel "${panel.title}"`, target.expr]);
    for (const child of panel.panels ?? []) visit(child);
  };
  dashboard.panels.forEach(visit);
  for (const variable of dashboard.templating.list) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    if (query && variable.name !== 'datasource') queries.push([`variable $${variable.name}`, query]);
  }
  return queries;
}

describe('Grafana dashboard and alert rules', () => {
  const fake = new FakeOpenAI('openai', 'sk-metrics');
  let gateway: StartedGateway;
  let url: string;
  let families: Map<string, Family>;

  before(async () => {
    await fake.start();
    const dir = mkdtempSync(join(tmpdir(), 'latticelm-metrics-'));
    const config = join(dir, 'config.yaml');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    writeFileSync(
      config,
      [
        `server: { address: "127.0.0.1:${port}" }`,
        'conversations: { store: memory }',
        'rate_limit: { enabled: true, requests_per_second: 0.001, burst: 3 }',
        'observability: { enabled: true }',
        'providers:',
        '  openai:',
        '    type: openai',
        '    api_key: sk-metrics',
        `    endpoint: ${fake.url}/v1`,
        '    max_retries: 1',
        'models:',
        '  - name: gpt-4o-mini',
        '    provider: openai',
      ].join('\n'),
    );
    gateway = await startGateway(['--config', config]);
    const post = (body: object) =>
      fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((res) => res.text());
    await post({ model: 'gpt-4o-mini', input: 'hi' });
    await post({ model: 'gpt-4o-mini', input: 'hi', stream: true });
    fake.enqueue({ kind: 'error', status: 500, message: 'boom' }, { kind: 'error', status: 500, message: 'boom' });
    await post({ model: 'gpt-4o-mini', input: 'fails' });
    await post({ model: 'gpt-4o-mini', input: 'limited' }); // the fourth request is over the burst of 3
    const metrics = await fetch(`${url}/metrics`).then((res) => res.text());
    families = parseExposition(metrics);
  });

  after(async () => {
    await gateway?.stop();
    await fake.stop();
  });

  it('the traffic above produced the series the checks rely on', () => {
    for (const name of ['latticelm_requests_total', 'latticelm_time_to_first_token_seconds', 'latticelm_upstream_errors_total', 'latticelm_rate_limit_rejections_total']) {
      assert.ok(familyOf(name, families)?.sampled, `${name} has no sample`);
    }
  });

  it('every dashboard query names exported metrics and their labels', () => {
    const dashboard = JSON.parse(readFileSync(join(repoRoot(), CHART_DIR, 'dashboards', 'latticelm.json'), 'utf8'));
    const queries = dashboardQueries(dashboard);
    assert.ok(queries.length >= 20, `only ${queries.length} queries`);
    assert.deepEqual(queries.flatMap(([where, expr]) => queryProblems(where, expr, families)), []);
    // traffic, errors, latency, time to first token, tokens, circuits
    const all = queries.map(([, expr]) => expr).join('\n');
    for (const metric of ['latticelm_requests_total', 'latticelm_request_duration_seconds_bucket', 'latticelm_time_to_first_token_seconds_bucket', 'latticelm_input_tokens_total', 'latticelm_output_tokens_total', 'latticelm_circuit_breaker_state', 'latticelm_upstream_errors_total']) {
      assert.ok(all.includes(metric), `the dashboard shows no ${metric}`);
    }
  });

  it('every alert of the rendered PrometheusRule names exported metrics and their labels', async () => {
    const render = await helmTemplate({ valuesFiles: ['deploy/helm/values-production.yaml'] });
    assert.equal(render.error, undefined);
    const rule = single(render.objects, 'PrometheusRule').spec as { groups: { rules: { alert: string; expr: string }[] }[] };
    const rules = rule.groups.flatMap((group) => group.rules);
    assert.deepEqual(rules.map((entry) => entry.alert), [
      'LatticelmDown', 'LatticelmHighErrorRate', 'LatticelmHighLatency', 'LatticelmSlowTimeToFirstToken', 'LatticelmCircuitOpen', 'LatticelmConversationStoreErrors',
    ]);
    assert.deepEqual(rules.flatMap((entry) => queryProblems(`alert ${entry.alert}`, entry.expr, families)), []);
  });

  it('ships the dashboard as a ConfigMap for the Grafana sidecar, byte for byte', async () => {
    const render = await helmTemplate({ set: ['existingSecret=s', 'grafanaDashboard.enabled=true'] });
    assert.equal(render.error, undefined);
    const configMap = single(render.objects, 'ConfigMap', (object) => object.metadata.name.endsWith('-dashboard'));
    assert.equal(configMap.metadata.labels?.grafana_dashboard, '1');
    const file = readFileSync(join(repoRoot(), CHART_DIR, 'dashboards', 'latticelm.json'), 'utf8');
    assert.equal((configMap.data as Record<string, string>)['latticelm.json'], file);
  });

  it('the checks catch a misnamed metric and a label the metric does not have', () => {
    assert.deepEqual(queryProblems('q', 'sum(rate(latticelm_request_total[5m]))', families), ['q: latticelm_request_total is not exported by the gateway']);
    assert.deepEqual(queryProblems('q', 'sum by (kind) (rate(latticelm_requests_total[5m]))', families), ['q: latticelm_requests_total has no label "kind"']);
  });
});
