import { useState } from 'preact/hooks';
import { ScrollTable } from '../components/scroll-table';
import { adminApi, isMissing } from '../api';
import type { ApiKeyView, OwnerView } from '../admin-types';
import { budgetText, expiryText, limitsText, modelsText } from '../components/key-fields';
import { SecretBox } from '../components/secret-box';
import { Badge, LoadNotes, describeError } from '../components/status';
import { formatCount, formatDate, formatUsd } from '../format';
import { useLoad } from '../hooks';
import { EMPTY_KEY_FORM, KeyFormFields, createKeyBody } from '../key-form';
import { routeHref } from '../route';
import { rememberSecret } from '../session-secrets';

const KEYS_OFF = 'API keys are off on this gateway (auth.api_keys.enabled: false).';

export function KeysPage() {
  const keys = useLoad(() => adminApi<{ data: ApiKeyView[] }>('keys'), []);
  const [created, setCreated] = useState<ApiKeyView | null>(null);
  return (
    <section aria-labelledby="keys-title">
      <div class="page-head">
        <h1 id="keys-title">API keys</h1>
      </div>
      {created?.key ? (
        <SecretBox secret={created.key} title={`New key "${created.name}"`}>
          <p>
            <a href={routeHref({ page: 'key', id: created.id })}>Open the key's page</a> · <a href={routeHref({ page: 'playground' })}>Try it in the playground</a>
          </p>
        </SecretBox>
      ) : null}
      <CreateKeyForm
        onCreated={(key) => {
          if (key.key) rememberSecret(key.name, key.key);
          setCreated(key);
          keys.reload();
        }}
      />
      <h2>All keys</h2>
      <LoadNotes loaded={keys} what="keys" absent={KEYS_OFF} />
      {keys.data ? <KeyList keys={keys.data.data} /> : null}
      {keys.data ? <OwnerList version={keys.data} /> : null}
    </section>
  );
}

function KeyList({ keys }: { keys: ApiKeyView[] }) {
  if (keys.length === 0) return <p class="note empty">No keys yet.</p>;
  return (
    <ScrollTable id="key-list" headers={['Name', 'Owner', 'Key', 'Status', 'Models', 'Limits', 'Budget', 'Spend', 'Expires', 'Created']}>
      {keys.map((key) => (
        <tr key={key.id} data-key-id={key.id}>
          <th scope="row">
            <a href={routeHref({ page: 'key', id: key.id })}>{key.name}</a>
            {key.source === 'config' ? <small> (config)</small> : null}
          </th>
          <td>{key.owner}</td>
          <td>
            <code>{key.key_hint}</code>
          </td>
          <td>
            <Badge state={key.status} />
          </td>
          <td>{modelsText(key)}</td>
          <td>{limitsText(key)}</td>
          <td>{budgetText(key)}</td>
          <td>{formatUsd(key.spend_usd)}</td>
          <td>{expiryText(key)}</td>
          <td>{formatDate(key.created_at)}</td>
        </tr>
      ))}
    </ScrollTable>
  );
}

/** Owners (teams) with their keys, budget and spend, when this gateway has owner budgets (else nothing). */
function OwnerList({ version }: { version: unknown }) {
  const owners = useLoad(async () => {
    try {
      return (await adminApi<{ data: OwnerView[] }>('owners')).data;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }, [version]);
  if (!owners.data) return <LoadNotes loaded={owners} what="owners" />;
  return (
    <>
      <h2>Owners</h2>
      <ScrollTable id="owner-list" headers={['Owner', 'Active keys', 'Budget', 'Spend', 'Budget left']}>
        {owners.data.map((owner) => (
          <tr key={owner.owner}>
            <th scope="row">{owner.owner}</th>
            <td>{formatCount(owner.keys)}</td>
            <td>{budgetText(owner)}</td>
            <td>{formatUsd(owner.spend_usd)}</td>
            <td>{formatUsd(owner.budget_remaining_usd)}</td>
          </tr>
        ))}
      </ScrollTable>
    </>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKeyView) => void }) {
  const [fields, setFields] = useState<KeyFormFields>(EMPTY_KEY_FORM);
  const [problem, setProblem] = useState<{ field?: keyof KeyFormFields; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof KeyFormFields) => (event: Event) => setFields({ ...fields, [field]: (event.currentTarget as HTMLInputElement).value });
  const invalid = (field: keyof KeyFormFields) => (problem?.field === field ? { 'aria-invalid': true, 'aria-describedby': 'create-key-problem' } : {});

  const submit = async (event: Event) => {
    event.preventDefault();
    const result = createKeyBody(fields);
    if (!result.ok) {
      setProblem({ field: result.field, message: result.message });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const key = await adminApi<ApiKeyView>('keys', { method: 'POST', body: result.body });
      setFields(EMPTY_KEY_FORM);
      onCreated(key);
    } catch (error) {
      setProblem({ message: describeError(error, 'API keys are off on this gateway.') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="panel form-grid" id="create-key" aria-labelledby="create-key-title" onSubmit={(event) => void submit(event)}>
      <h2 id="create-key-title">Create a key</h2>
      <label>
        <span>
          Name <span class="required">(required)</span>
        </span>
        <input name="name" required value={fields.name} onInput={set('name')} {...invalid('name')} />
      </label>
      <label>
        Owner
        <input name="owner" placeholder="you, or a team" value={fields.owner} onInput={set('owner')} />
      </label>
      <label class="wide">
        Allowed models
        <input name="models" placeholder="all; or names and patterns: gpt-4o-mini, claude-*" value={fields.models} onInput={set('models')} />
      </label>
      <label>
        Requests per minute
        <input name="requests_per_minute" inputMode="numeric" value={fields.requestsPerMinute} onInput={set('requestsPerMinute')} {...invalid('requestsPerMinute')} />
      </label>
      <label>
        Tokens per minute
        <input name="tokens_per_minute" inputMode="numeric" value={fields.tokensPerMinute} onInput={set('tokensPerMinute')} {...invalid('tokensPerMinute')} />
      </label>
      <label>
        Budget (USD)
        <input name="budget_usd" inputMode="decimal" value={fields.budgetUsd} onInput={set('budgetUsd')} {...invalid('budgetUsd')} />
      </label>
      <label>
        Budget period
        <select name="budget_period" value={fields.budgetPeriod} onChange={set('budgetPeriod')}>
          <option value="day">day</option>
          <option value="month">month</option>
          <option value="total">total</option>
        </select>
      </label>
      <label>
        Budget mode
        <select name="budget_mode" value={fields.budgetMode} onChange={set('budgetMode')}>
          <option value="hard">hard (refuse once spent)</option>
          <option value="soft">soft (flag only)</option>
        </select>
      </label>
      <label>
        Expires (UTC)
        <input name="expires_at" type="date" value={fields.expiresAt} onInput={set('expiresAt')} {...invalid('expiresAt')} />
      </label>
      <label class="wide">
        <span>
          Metadata <small>(one key=value a line)</small>
        </span>
        <textarea name="metadata" rows={2} value={fields.metadata} onInput={set('metadata')} {...invalid('metadata')} />
      </label>
      <div class="wide actions">
        <button type="submit" class="primary" disabled={busy}>
          Create key
        </button>
        {problem ? (
          <span id="create-key-problem" class="error" role="alert">
            {problem.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
