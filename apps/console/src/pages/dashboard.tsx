import { useMemo, useState } from 'preact/hooks';
import { adminApi, request } from '../api';
import type { HealthReport, ProviderView, SystemInfo, UsageRow } from '../admin-types';
import { RangeSelect } from '../components/range-select';
import { ErrorNote, LoadNotes, Loading, Tile } from '../components/status';
import { TimeChart } from '../components/time-chart';
import { UsageTable } from '../components/usage-table';
import { formatCompact, formatCount, formatMs, formatUsd } from '../format';
import { useInterval, useLoad } from '../hooks';
import { sumMetric } from '../metrics-text';
import { Metric, Range, Split, Span, bucketTimes, groupFilter, groupLabel, metricSeries, rangeWindow, topGroups, usageTotals } from '../series';
import { usageRows } from '../usage-queries';

const SPLIT_LINES = 6;
const REFRESH_MS = 30_000;

interface DashboardData {
  over: UsageRow[];
  byModel: UsageRow[];
  byProvider: UsageRow[];
  byKey: UsageRow[];
  /** one series of rows per group when split */
  groups: { label: string; rows: UsageRow[] }[];
}

async function loadUsage(span: Span, split: Split | 'total'): Promise<DashboardData | null> {
  const [over, byModel, byProvider, byKey] = await Promise.all([
    usageRows(span.bucket, span),
    usageRows('model', span),
    usageRows('provider', span),
    usageRows('key', span),
  ]);
  if (over === null) return null;
  const data: DashboardData = { over, byModel: byModel ?? [], byProvider: byProvider ?? [], byKey: byKey ?? [], groups: [] };
  if (split !== 'total') {
    const breakdown = split === 'model' ? data.byModel : split === 'provider' ? data.byProvider : data.byKey;
    data.groups = await Promise.all(
      topGroups(breakdown, SPLIT_LINES).map(async (row) => ({ label: groupLabel(row, split), rows: (await usageRows(span.bucket, span, groupFilter(row, split))) ?? [] })),
    );
  }
  return data;
}

interface Live {
  info?: SystemInfo;
  health?: HealthReport;
  providers?: ProviderView[];
  metrics?: string;
}

/** Figures of the running process, from the admin API and /metrics (when it is served on this port). */
async function loadLive(): Promise<Live> {
  const [info, health, providers, settings] = await Promise.allSettled([
    adminApi<SystemInfo>('info'),
    adminApi<HealthReport>('health'),
    adminApi<{ providers: ProviderView[] }>('providers'),
    adminApi<{ observability?: { enabled?: boolean; metrics?: { enabled?: boolean; path?: string } } }>('config'),
  ]);
  const live: Live = {
    info: info.status === 'fulfilled' ? info.value : undefined,
    health: health.status === 'fulfilled' ? health.value : undefined,
    providers: providers.status === 'fulfilled' ? providers.value.providers : undefined,
  };
  const observability = settings.status === 'fulfilled' ? settings.value.observability : undefined;
  if (observability?.enabled && observability.metrics?.enabled !== false) {
    const res = await request(observability.metrics?.path ?? '/metrics', { token: '' }).catch(() => undefined);
    if (res?.ok) live.metrics = await res.text();
  }
  if (info.status === 'rejected') throw info.reason;
  return live;
}

interface ChartSpec {
  title: string;
  metrics: { metric: Metric; label: string }[];
  format: (value: number) => string;
}

const TOTAL_CHARTS: ChartSpec[] = [
  { title: 'Requests and errors', metrics: [{ metric: 'requests', label: 'requests' }, { metric: 'errors', label: 'errors' }], format: formatCompact },
  { title: 'Latency', metrics: [{ metric: 'latency_ms_p50', label: 'p50' }, { metric: 'latency_ms_p95', label: 'p95' }], format: formatMs },
  { title: 'Time to first token', metrics: [{ metric: 'ttft_ms_p50', label: 'p50' }, { metric: 'ttft_ms_p95', label: 'p95' }], format: formatMs },
  {
    title: 'Tokens',
    metrics: [
      { metric: 'input_tokens', label: 'input' },
      { metric: 'cached_tokens', label: 'cached input' },
      { metric: 'output_tokens', label: 'output' },
      { metric: 'reasoning_tokens', label: 'reasoning' },
    ],
    format: formatCompact,
  },
  { title: 'Cost (USD)', metrics: [{ metric: 'cost_usd', label: 'cost' }], format: formatUsd },
];

const SPLIT_CHARTS: { title: string; metric: Metric; format: (value: number) => string }[] = [
  { title: 'Requests', metric: 'requests', format: formatCompact },
  { title: 'Errors', metric: 'errors', format: formatCompact },
  { title: 'Latency p95', metric: 'latency_ms_p95', format: formatMs },
  { title: 'Time to first token p95', metric: 'ttft_ms_p95', format: formatMs },
  { title: 'Tokens (input + output)', metric: 'total_tokens', format: formatCompact },
  { title: 'Cost (USD)', metric: 'cost_usd', format: formatUsd },
];

const SPLIT_NAMES: Record<Split | 'total', string> = { total: 'All traffic', model: 'model', provider: 'provider', key: 'key' };

export function Dashboard() {
  const [range, setRange] = useState<Range>('24h');
  const [split, setSplit] = useState<Split | 'total'>('total');
  const [now, setNow] = useState(() => Date.now());
  const span = useMemo(() => rangeWindow(range, now), [range, now]);
  const usage = useLoad(() => loadUsage(span, split), [span, split]);
  const live = useLoad(loadLive, [now]);
  const refresh = () => setNow(Date.now());
  useInterval(refresh, REFRESH_MS);

  const times = useMemo(() => bucketTimes(span), [span]);
  const charts = useMemo(() => {
    const data = usage.data;
    if (!data) return [];
    if (split === 'total') {
      return TOTAL_CHARTS.map((chart) => ({ title: chart.title, format: chart.format, series: chart.metrics.map(({ metric, label }) => ({ label, values: metricSeries(data.over, times, metric) })) }));
    }
    return SPLIT_CHARTS.map((chart) => ({
      title: `${chart.title} by ${SPLIT_NAMES[split]}`,
      format: chart.format,
      series: data.groups.map((group) => ({ label: group.label, values: metricSeries(group.rows, times, chart.metric) })),
    }));
  }, [usage.data, times, split]);
  const totals = usage.data ? usageTotals(usage.data.over) : undefined;

  return (
    <section aria-labelledby="dashboard-title">
      <div class="page-head">
        <h1 id="dashboard-title">Dashboard</h1>
        <form class="toolbar" onSubmit={(event) => event.preventDefault()}>
          <RangeSelect range={range} onChange={setRange} />
          <label>
            Split by
            <select value={split} onChange={(event) => setSplit(event.currentTarget.value as Split | 'total')}>
              <option value="total">nothing (totals)</option>
              <option value="model">model</option>
              <option value="provider">provider</option>
              <option value="key">key</option>
            </select>
          </label>
          <button type="button" onClick={refresh}>
            Refresh
          </button>
        </form>
      </div>

      <LiveFigures live={live.data} error={live.error} />

      <h2>Usage</h2>
      <LoadNotes loaded={usage} what="usage" absent="No usage data: this gateway has no usage log (GET /admin/api/usage answers 404)." />
      {totals ? (
        <dl class="tiles" id="usage-totals">
          <Tile label="Requests" value={formatCount(totals.requests)} />
          <Tile label="Errors" value={formatCount(totals.errors)} hint={totals.requests ? `${((100 * totals.errors) / totals.requests).toFixed(1)}%` : undefined} />
          <Tile label="Input tokens" value={formatCount(totals.input_tokens)} hint={totals.cached_tokens ? `${formatCount(totals.cached_tokens)} cached` : undefined} />
          <Tile label="Output tokens" value={formatCount(totals.output_tokens)} hint={totals.reasoning_tokens ? `${formatCount(totals.reasoning_tokens)} reasoning` : undefined} />
          <Tile label="Cost" value={formatUsd(totals.cost_usd)} />
        </dl>
      ) : null}
      {usage.data ? (
        <>
          <div class="charts">
            {charts.map((chart) => (
              <TimeChart key={chart.title} title={chart.title} times={times} series={chart.series} format={chart.format} />
            ))}
          </div>
          <UsageTable title="By model" group="model" rows={usage.data.byModel} />
          <UsageTable title="By provider" group="provider" rows={usage.data.byProvider} />
          <UsageTable title="By key" group="key" rows={usage.data.byKey} />
        </>
      ) : null}
    </section>
  );
}

function LiveFigures({ live, error }: { live?: Live; error: unknown }) {
  if (error) return <ErrorNote error={error} />;
  if (!live) return <Loading what="live figures" />;
  const circuits = live.providers?.flatMap((provider) => [provider.circuit, ...provider.models.map((model) => model.circuit)]).filter((state) => state && state !== 'closed') ?? [];
  const metrics = live.metrics;
  return (
    <dl class="tiles live" aria-label="Now">
      <Tile label="Health" value={live.health?.status ?? '—'} />
      <Tile label="Uptime" value={live.info?.uptime ?? '—'} hint={live.info ? `v${live.info.version}` : undefined} />
      <Tile label="Providers" value={formatCount(live.providers?.length)} hint={circuits.length ? `${circuits.length} circuit(s) not closed` : 'all circuits closed'} />
      {metrics !== undefined ? (
        <>
          <Tile label="Streams in flight" value={formatCount(sumMetric(metrics, 'latticelm_streams_in_flight') ?? 0)} />
          <Tile label="Requests since start" value={formatCount(sumMetric(metrics, 'latticelm_requests_total') ?? 0)} />
          <Tile label="Cost since start" value={formatUsd(sumMetric(metrics, 'latticelm_cost_usd_total') ?? 0)} />
        </>
      ) : null}
    </dl>
  );
}
