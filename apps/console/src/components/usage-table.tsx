import type { UsageRow } from '../admin-types';
import { formatCount, formatMs, formatUsd } from '../format';
import { routeHref } from '../route';
import { Split, groupLabel } from '../series';
import { ScrollTable } from './scroll-table';

const GROUP_HEADERS: Record<Split | 'owner', string> = { key: 'Key', model: 'Model', provider: 'Provider', owner: 'Owner' };

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
        <ScrollTable id={id} headers={[GROUP_HEADERS[group], 'Requests', 'Errors', 'Input tokens', 'Output tokens', 'Cost', 'Latency p50 / p95', 'TTFT p50 / p95']}>
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
        </ScrollTable>
      )}
    </section>
  );
}
