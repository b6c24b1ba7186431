import { parseArgs } from 'node:util';

export interface ChatOptions {
  /** gateway origin without a trailing slash or /v1, e.g. http://localhost:8080 */
  url: string;
  /** undefined: ask the gateway and take its first model */
  model?: string;
  token?: string;
  instructions?: string;
  /** false with --no-store: the client resends the transcript instead of chaining previous_response_id */
  store: boolean;
}

export type ParsedArgs = { kind: 'run'; options: ChatOptions } | { kind: 'help' } | { kind: 'invalid'; message: string };

export const DEFAULT_URL = 'http://localhost:8080';
export const FALLBACK_MODEL = 'gpt-4o-mini';

export const USAGE = `Usage: latticelm-chat [options]

Options:
  --url URL             gateway address (env LATTICELM_URL, default ${DEFAULT_URL})
  --model NAME          model to start with (default: the gateway's first model, else ${FALLBACK_MODEL})
  --token TOKEN         bearer token for an authenticated gateway (env LATTICELM_TOKEN)
  --instructions TEXT   system instructions sent with every turn
  --no-store            do not store responses on the gateway; resend the transcript each turn
  -h, --help            show this help`;

export function parseChatArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        model: { type: 'string' },
        token: { type: 'string' },
        instructions: { type: 'string' },
        'no-store': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { kind: 'invalid', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const rawUrl = values.url ?? nonEmpty(env.LATTICELM_URL) ?? DEFAULT_URL;
  const url = normalizeUrl(rawUrl);
  if (!url) return { kind: 'invalid', message: `--url must be an http(s) address, got '${rawUrl}'` };
  const model = nonEmpty(values.model);
  if (values.model !== undefined && !model) return { kind: 'invalid', message: '--model must not be empty' };
  return {
    kind: 'run',
    options: {
      url,
      model,
      token: nonEmpty(values.token) ?? nonEmpty(env.LATTICELM_TOKEN),
      instructions: nonEmpty(values.instructions),
      store: !values['no-store'],
    },
  };
}

/** Accepts the gateway origin with or without a trailing /v1 (the SDK's baseURL adds it back). */
export function normalizeUrl(raw: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${parsed.origin}${path}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
