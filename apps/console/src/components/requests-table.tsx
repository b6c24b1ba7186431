import type { RequestRecord } from '../admin-types';
import { ScrollTable } from './scroll-table';
import { formatCount, formatMs, formatTime, formatUsd } from '../format';
import { routeHref } from '../route';

const isFailure = (record: RequestRecord) => (record.outcome ? record.outcome !== 'ok' : Number(record.status) >= 400);

/** Usage-log records, newest first. */
export function RequestsTable({ records, id = 'request-list' }: { records: RequestRecord[]; id?: string }) {
  if (records.length === 0) return <p class="note empty">No requests recorded.</p>;
  return (
    <ScrollTable id={id} headers={['Time (UTC)', 'Status', 'Key', 'Model', 'Provider', 'Route', 'Input', 'Output', 'Cost', 'Latency', 'TTFT', 'Request id']}>
      {records.map((record) => (
        <tr key={record.request_id} data-request-id={record.request_id} class={isFailure(record) ? 'failed' : undefined}>
          <td>{formatTime(record.time)}</td>
          <td>
            {record.status ?? '—'}
            {record.outcome && record.outcome !== 'ok' ? <small> {record.outcome.replace(/_/g, ' ')}</small> : null}
            {record.stream ? <small> stream</small> : null}
            {record.cache_hit ? <small> cached</small> : null}
          </td>
          <td>{record.key_id ? <a href={routeHref({ page: 'key', id: record.key_id })}>{record.key_name || record.key_id}</a> : (record.owner ?? '—')}</td>
          <td>{record.model ?? '—'}</td>
          <td>{record.provider ?? '—'}</td>
          <td>{record.route ?? '—'}</td>
          <td>{formatCount(record.input_tokens)}</td>
          <td>{formatCount(record.output_tokens)}</td>
          <td>{formatUsd(record.cost_usd)}</td>
          <td>{formatMs(record.latency_ms)}</td>
          <td>{formatMs(record.ttft_ms)}</td>
          <td>
            <code>{record.request_id}</code>
          </td>
        </tr>
      ))}
    </ScrollTable>
  );
}
