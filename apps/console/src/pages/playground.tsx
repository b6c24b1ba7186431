import { useRef, useState } from 'preact/hooks';
import { adminApi, errorOf, request } from '../api';
import type { ProviderView } from '../admin-types';
import { describeError } from '../components/status';
import { formatCount, formatMs, formatUsd } from '../format';
import { useLoad } from '../hooks';
import { IDLE_RUN, PlaygroundRun, fromJson, readStream } from '../playground-stream';
import { rememberedSecret } from '../session-secrets';

/** POST /v1/responses from the browser with an API key (or the sign-in token), streamed deltas shown as they arrive. */
export function PlaygroundPage() {
  const providers = useLoad(() => adminApi<{ providers: ProviderView[] }>('providers'), []);
  const models = providers.data?.providers.flatMap((provider) => provider.models.map((model) => model.name)) ?? [];
  const remembered = rememberedSecret();
  const [apiKey, setApiKey] = useState(remembered?.secret ?? '');
  const [model, setModel] = useState('');
  const [instructions, setInstructions] = useState('');
  const [input, setInput] = useState('Say hello in five words.');
  const [maxTokens, setMaxTokens] = useState('');
  const [stream, setStream] = useState(true);
  const [run, setRun] = useState<PlaygroundRun>(IDLE_RUN);
  const [ttftMs, setTtftMs] = useState<number | null>(null);
  const [totalMs, setTotalMs] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);
  const chosenModel = model || models[0] || '';
  const busy = run.status === 'waiting' || run.status === 'streaming';

  const send = async (event: Event) => {
    event.preventDefault();
    const controller = new AbortController();
    abort.current = controller;
    const started = performance.now();
    let firstDelta = true;
    setRun({ ...IDLE_RUN, status: 'waiting' });
    setTtftMs(null);
    setTotalMs(null);
    const body: Record<string, unknown> = { model: chosenModel, input, stream, store: false };
    if (instructions.trim()) body.instructions = instructions;
    if (maxTokens.trim()) body.max_output_tokens = Number(maxTokens);
    try {
      const res = await request('../v1/responses', { method: 'POST', body, token: apiKey.trim() || undefined, signal: controller.signal });
      if (!res.ok) throw await errorOf(res);
      if (stream && res.body) {
        const last = await readStream(res.body, { ...IDLE_RUN, status: 'streaming' }, (next) => {
          if (firstDelta && next.deltas > 0) {
            firstDelta = false;
            setTtftMs(performance.now() - started);
          }
          setRun(next);
        });
        if (last.status === 'streaming') setRun({ ...last, status: 'failed', error: 'the stream ended without a final event' });
      } else {
        setRun(fromJson((await res.json()) as Parameters<typeof fromJson>[0], res.headers.get('x-latticelm-cost-usd')));
      }
    } catch (error) {
      if (controller.signal.aborted) setRun((previous) => ({ ...previous, status: 'stopped' }));
      else setRun((previous) => ({ ...previous, status: 'failed', error: describeError(error) }));
    } finally {
      setTotalMs(performance.now() - started);
      abort.current = null;
    }
  };

  return (
    <section aria-labelledby="playground-title">
      <div class="page-head">
        <h1 id="playground-title">Playground</h1>
      </div>
      <form class="panel form-grid" id="playground" aria-label="Request" onSubmit={(event) => void send(event)}>
        <label class="wide">
          API key for /v1
          <input
            name="api_key"
            type="password"
            autocomplete="off"
            spellcheck={false}
            placeholder="lm-… (empty: your sign-in token, which works on /v1 for OIDC tokens, not admin keys)"
            value={apiKey}
            onInput={(event) => setApiKey(event.currentTarget.value)}
          />
          {remembered && apiKey === remembered.secret ? <small>the secret of "{remembered.keyName}", created in this tab</small> : null}
        </label>
        <label>
          Model
          <input name="model" list="playground-models" value={chosenModel} onInput={(event) => setModel(event.currentTarget.value)} required />
          <datalist id="playground-models">
            {models.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
        </label>
        <label>
          Max output tokens
          <input name="max_output_tokens" inputMode="numeric" value={maxTokens} onInput={(event) => setMaxTokens(event.currentTarget.value)} />
        </label>
        <label class="wide">
          Instructions
          <input name="instructions" value={instructions} onInput={(event) => setInstructions(event.currentTarget.value)} />
        </label>
        <label class="wide">
          Input
          <textarea name="input" rows={4} required value={input} onInput={(event) => setInput(event.currentTarget.value)} />
        </label>
        <label class="inline">
          <input type="checkbox" name="stream" checked={stream} onChange={(event) => setStream(event.currentTarget.checked)} /> Stream
        </label>
        <div class="wide actions">
          <button type="submit" class="primary" disabled={busy}>
            Send
          </button>
          <button type="button" disabled={!busy} onClick={() => abort.current?.abort()}>
            Stop
          </button>
        </div>
      </form>
      <section class="panel" aria-labelledby="playground-answer">
        <h2 id="playground-answer">
          Answer <span id="playground-status" class="badge neutral" role="status">{run.status}</span>
        </h2>
        <div id="playground-output" class="answer" aria-live="polite" aria-busy={busy} data-deltas={run.deltas}>
          {run.text}
        </div>
        {run.error ? (
          <p id="playground-error" class="error" role="alert">
            {run.error}
          </p>
        ) : null}
        <dl class="details" id="playground-meta">
          <dt>Response</dt>
          <dd>{run.responseId ?? '—'}</dd>
          <dt>Served by</dt>
          <dd>{run.provider ? `${run.provider} (${run.model ?? chosenModel})` : (run.model ?? '—')}</dd>
          <dt>Time to first token</dt>
          <dd>{formatMs(ttftMs)}</dd>
          <dt>Total time</dt>
          <dd>{formatMs(totalMs)}</dd>
          <dt>Deltas</dt>
          <dd>{formatCount(run.deltas)}</dd>
          <dt>Tokens in / out</dt>
          <dd>
            {formatCount(run.inputTokens)} / {formatCount(run.outputTokens)}
          </dd>
          <dt>Cost</dt>
          <dd id="playground-cost">{formatUsd(run.costUsd)}</dd>
        </dl>
      </section>
    </section>
  );
}
