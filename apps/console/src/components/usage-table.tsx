import type { UsageRow } from '../admin-types';
import { formatCount, formatMs, formatUsd } from '../format';
import { routeHref } from '../route';
import { Split, groupLabel } from '../series';

/** Usage rows grouped by model, provider or key over the range, busiest first. */
export function UsageTable({ title, group, rows }: { title: string; group: Split | 'owner'; rows: UsageRow[] }) {
  const sorted = [...rows].sort((a, b) => (b.requests ?? 0) - (a.requests ?? 0));
  const id = `usage-by-${group}`;
  return (
    <section class="panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {sorted.length === 0 ? (
        <p class="note empty">No requests in this range.</p>
      ) : (
        <div class="table-scroll">
          <table id={id}>
            <thead>
              <tr>
                <th scope="col">{group === 'key' ? 'Key' : group[0].toUpperCase() + group.slice(1)}</th>
                <th scope="col">Requests</th>
                <th scope="col">Errors</th>
                <th scope="col">Input tokens</th>
                <th scope="col">Output tokens</th>
                <th scope="col">Cost</th>
                <th scope="col">Latency p50 / p95</th>
                <th scope="col">TTFT p50 / p95</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((row) => {
                const label = groupLabel(row, group);
                return (
                  <tr key={label} data-group={group === 'key' ? (row.key_id ?? '') : label}>
                    <th scope="row">{group === 'key' && row.key_id ? <a href={routeHref({ page: 'key', id: row.key_id })}>{label}</a> : label}</th>
                    <td>{formatCount(row.requests)}</td>
                    <td>{formatCount(row.errors)}</td>
                    <td>{formatCount(row.input_tokens)}</td>
                    <td>{formatCount(row.output_tokens)}</td>
                    <td>{formatUsd(row.cost_usd)}</td>
                    <td>
                      {formatMs(row.latency_ms_p50)} / {formatMs(row.latency_ms_p95)}
                    </td>
                    <td>
                      {formatMs(row.ttft_ms_p50)} / {formatMs(row.ttft_ms_p95)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
