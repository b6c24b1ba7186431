import { useState } from 'preact/hooks';
import type { RequestRecord } from '../admin-types';
import { RequestsTable } from '../components/requests-table';
import { LoadNotes, describeError } from '../components/status';
import { useLoad } from '../hooks';
import { recentRequests } from '../requests-query';

const PAGE = 50;
const FILTERS = [
  { name: 'key_id', label: 'Key id', placeholder: 'key_…' },
  { name: 'owner', label: 'Owner', placeholder: '' },
  { name: 'model', label: 'Model', placeholder: '' },
  { name: 'provider', label: 'Provider', placeholder: '' },
  { name: 'status', label: 'Status', placeholder: '429, or ok, error…' },
] as const;
type Filters = Record<(typeof FILTERS)[number]['name'], string>;
const NO_FILTERS: Filters = { key_id: '', owner: '', model: '', provider: '', status: '' };

export function RequestsPage() {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [older, setOlder] = useState<{ records: RequestRecord[]; done: boolean; problem: string }>({ records: [], done: false, problem: '' });
  const first = useLoad(async () => {
    setOlder({ records: [], done: false, problem: '' });
    return recentRequests({ ...filters, limit: PAGE });
  }, [filters]);
  const records = [...(first.data ?? []), ...older.records];

  const loadMore = async () => {
    const last = records[records.length - 1];
    try {
      const next = (await recentRequests({ ...filters, limit: PAGE, before: last.time })) ?? [];
      setOlder({ records: [...older.records, ...next], done: next.length < PAGE, problem: '' });
    } catch (error) {
      setOlder({ ...older, problem: describeError(error) });
    }
  };

  return (
    <section aria-labelledby="requests-title">
      <div class="page-head">
        <h1 id="requests-title">Recent requests</h1>
      </div>
      <form
        class="panel toolbar filters"
        aria-label="Filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ ...draft });
        }}
      >
        {FILTERS.map((filter) => (
          <label key={filter.name}>
            {filter.label}
            <input name={filter.name} placeholder={filter.placeholder} value={draft[filter.name]} onInput={(event) => setDraft({ ...draft, [filter.name]: event.currentTarget.value })} />
          </label>
        ))}
        <button type="submit" class="primary">
          Apply
        </button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTERS);
            setFilters({ ...NO_FILTERS });
          }}
        >
          Clear
        </button>
      </form>
      <LoadNotes loaded={first} what="requests" absent="No request log: this gateway has no usage log (GET /admin/api/requests answers 404)." />
      {first.data ? (
        <>
          <RequestsTable records={records} />
          {records.length >= PAGE && !older.done ? (
            <button type="button" onClick={() => void loadMore()}>
              Older requests
            </button>
          ) : null}
          {older.problem ? (
            <p class="error" role="alert">
              {older.problem}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
