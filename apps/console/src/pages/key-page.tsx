import { Fragment } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { adminApi } from '../api';
import type { ApiKeyView } from '../admin-types';
import { budgetText, expiryText, limitsText, modelsText } from '../components/key-fields';
import { RequestsTable } from '../components/requests-table';
import { SecretBox } from '../components/secret-box';
import { RangeSelect } from '../components/range-select';
import { Badge, LoadNotes, Tile, describeError } from '../components/status';
import { TimeChart } from '../components/time-chart';
import { formatCompact, formatCount, formatTime, formatUsd } from '../format';
import { useLoad } from '../hooks';
import { recentRequests } from '../requests-query';
import { routeHref } from '../route';
import { Range, bucketTimes, metricSeries, rangeWindow, usageTotals } from '../series';
import { rememberSecret } from '../session-secrets';
import { usageRows } from '../usage-queries';

export function KeyPage({ id }: { id: string }) {
  const [version, setVersion] = useState(0);
  const key = useLoad(() => adminApi<ApiKeyView>(`keys/${encodeURIComponent(id)}`), [id, version]);
  const [secret, setSecret] = useState<ApiKeyView | null>(null);
  const changed = (next: ApiKeyView) => {
    if (next.key) {
      rememberSecret(next.name, next.key);
      setSecret(next);
    }
    setVersion((value) => value + 1);
  };
  return (
    <section aria-labelledby="key-title">
      <p class="crumbs">
        <a href={routeHref({ page: 'keys' })}>API keys</a> /
      </p>
      <LoadNotes loaded={key} what="the key" />
      {key.data ? (
        <>
          <div class="page-head">
            <h1 id="key-title">{key.data.name}</h1>
            <Badge state={key.data.status} />
          </div>
          {secret?.key ? (
            <SecretBox secret={secret.key} title="New secret">
              {secret.previous_key_expires_at ? <p>The old secret keeps working until {formatTime(secret.previous_key_expires_at)} UTC.</p> : null}
            </SecretBox>
          ) : null}
          <KeyDetails keyView={key.data} />
          <KeyActions keyView={key.data} onChanged={changed} />
          <KeyUsage id={id} version={version} />
        </>
      ) : null}
    </section>
  );
}

function KeyDetails({ keyView: key }: { keyView: ApiKeyView }) {
  const spent = key.spend_usd ?? null;
  return (
    <>
      <dl class="tiles" id="key-spend">
        <Tile label="Spend to date" value={formatUsd(spent)} hint={key.budget ? `of ${budgetText(key)}` : 'no budget'} />
        {key.budget_remaining_usd !== undefined && key.budget_remaining_usd !== null ? (
          <Tile label="Budget left" value={formatUsd(key.budget_remaining_usd)} hint={key.budget_period_end ? `until ${formatTime(key.budget_period_end)} UTC` : undefined} />
        ) : null}
        {key.spend ? (
          <>
            <Tile label="Spent today" value={formatUsd(key.spend.day_usd)} />
            <Tile label="Spent this month" value={formatUsd(key.spend.month_usd)} />
            <Tile label="Spent in total" value={formatUsd(key.spend.total_usd)} />
          </>
        ) : null}
      </dl>
      <dl class="details" id="key-details">
        <dt>Id</dt>
        <dd>
          <code>{key.id}</code>
        </dd>
        <dt>Key</dt>
        <dd>
          <code>{key.key_hint}</code>
        </dd>
        <dt>Owner</dt>
        <dd>{key.owner}</dd>
        <dt>Models</dt>
        <dd>{modelsText(key)}</dd>
        <dt>Limits</dt>
        <dd>{limitsText(key)}</dd>
        <dt>Budget</dt>
        <dd>{budgetText(key)}</dd>
        <dt>Expires</dt>
        <dd>{expiryText(key)}</dd>
        <dt>Created</dt>
        <dd>
          {formatTime(key.created_at)} by {key.created_by}
        </dd>
        {key.rotated_at ? (
          <>
            <dt>Rotated</dt>
            <dd>
              {formatTime(key.rotated_at)}
              {key.previous_key_expires_at ? ` (old secret valid until ${formatTime(key.previous_key_expires_at)})` : ''}
            </dd>
          </>
        ) : null}
        {key.revoked_at ? (
          <>
            <dt>Revoked</dt>
            <dd>{formatTime(key.revoked_at)}</dd>
          </>
        ) : null}
        <dt>Source</dt>
        <dd>{key.source === 'config' ? 'declared in the configuration (auth.api_keys.keys)' : 'admin API'}</dd>
        {Object.entries(key.metadata).map(([name, value]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}

function KeyActions({ keyView: key, onChanged }: { keyView: ApiKeyView; onChanged: (key: ApiKeyView) => void }) {
  const [confirming, setConfirming] = useState<'rotate' | 'revoke' | null>(null);
  const [problem, setProblem] = useState('');
  if (key.source === 'config') return <p class="note">This key is declared in the configuration: change it there.</p>;
  if (key.status === 'revoked') return null;
  const act = async (action: 'rotate' | 'revoke') => {
    setProblem('');
    try {
      const path = `keys/${encodeURIComponent(key.id)}${action === 'rotate' ? '/rotate' : ''}`;
      onChanged(await adminApi<ApiKeyView>(path, { method: action === 'rotate' ? 'POST' : 'DELETE' }));
      setConfirming(null);
    } catch (error) {
      setProblem(describeError(error));
    }
  };
  return (
    <div class="actions panel">
      {confirming === null ? (
        <>
          <button type="button" onClick={() => setConfirming('rotate')}>
            Rotate…
          </button>
          <button type="button" class="danger" onClick={() => setConfirming('revoke')}>
            Revoke…
          </button>
        </>
      ) : (
        <div role="alertdialog" aria-labelledby="confirm-text" class="confirm">
          <p id="confirm-text">
            {confirming === 'rotate'
              ? `Rotate "${key.name}"? A new secret is issued; the current one keeps working for the rotation grace period.`
              : `Revoke "${key.name}"? Requests with it are refused from now on.`}
          </p>
          <button type="button" class={confirming === 'revoke' ? 'danger' : 'primary'} onClick={() => void act(confirming)}>
            {confirming === 'rotate' ? 'Rotate key' : 'Revoke key'}
          </button>
          <button type="button" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      )}
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

function KeyUsage({ id, version }: { id: string; version: number }) {
  const [range, setRange] = useState<Range>('30d');
  const span = useMemo(() => rangeWindow(range, Date.now()), [range, version]);
  const usage = useLoad(() => usageRows(span.bucket, span, { key_id: id }), [span, id]);
  const requests = useLoad(() => recentRequests({ key_id: id, limit: 20 }), [id, version]);
  const times = useMemo(() => bucketTimes(span), [span]);
  const series = useMemo(() => {
    const rows = usage.data ?? [];
    return {
      requests: [
        { label: 'requests', values: metricSeries(rows, times, 'requests') },
        { label: 'errors', values: metricSeries(rows, times, 'errors') },
      ],
      tokens: [
        { label: 'input', values: metricSeries(rows, times, 'input_tokens') },
        { label: 'output', values: metricSeries(rows, times, 'output_tokens') },
      ],
      cost: [{ label: 'cost', values: metricSeries(rows, times, 'cost_usd') }],
    };
  }, [usage.data, times]);
  const totals = usage.data ? usageTotals(usage.data) : undefined;
  return (
    <>
      <div class="page-head">
        <h2>Usage</h2>
        <RangeSelect range={range} onChange={setRange} />
      </div>
      <LoadNotes loaded={usage} what="usage" absent="No usage data: this gateway has no usage log." />
      {totals ? (
        <>
          <dl class="tiles" id="key-usage-totals">
            <Tile label="Requests" value={formatCount(totals.requests)} />
            <Tile label="Errors" value={formatCount(totals.errors)} />
            <Tile label="Input tokens" value={formatCount(totals.input_tokens)} />
            <Tile label="Output tokens" value={formatCount(totals.output_tokens)} />
            <Tile label="Cost" value={formatUsd(totals.cost_usd)} />
          </dl>
          <div class="charts">
            <TimeChart title="Requests and errors" times={times} series={series.requests} format={formatCompact} />
            <TimeChart title="Tokens" times={times} series={series.tokens} format={formatCompact} />
            <TimeChart title="Cost (USD)" times={times} series={series.cost} format={formatUsd} />
          </div>
        </>
      ) : null}
      <h2>Recent requests</h2>
      <LoadNotes loaded={requests} what="requests" absent="No request log on this gateway." />
      {requests.data ? <RequestsTable records={requests.data} id="key-requests" /> : null}
    </>
  );
}
