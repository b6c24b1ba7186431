/**
 * The console's HTTP client. Every call carries the signed-in credential (an admin key or an OIDC token, kept in
 * sessionStorage: it survives a reload, not the tab) as `Authorization: Bearer`; the API decides what it opens.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const TOKEN_KEY = 'latticelm.admin.token';

export const credential = {
  get: (): string => sessionStorage.getItem(TOKEN_KEY) ?? '',
  set: (token: string): void => sessionStorage.setItem(TOKEN_KEY, token),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

type AuthListener = (error: ApiError) => void;
let onAuthFailure: AuthListener = () => undefined;
/** The shell listens here to ask for a credential again when the API answers 401 or 403. */
export function listenForAuthFailures(listener: AuthListener): void {
  onAuthFailure = listener;
}

export type Query = Record<string, string | number | null | undefined>;

/** `path?a=1&b=x`, leaving out empty values. Pure. */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  query?: Query;
  /** a credential other than the signed-in one (the playground's API key) */
  token?: string;
  signal?: AbortSignal;
}

/** The request for `path` (relative to the console, e.g. "api/keys", "../v1/responses"), credential attached. */
export function request(path: string, options: CallOptions = {}): Promise<Response> {
  const token = options.token ?? credential.get();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(withQuery(path, options.query), {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    cache: 'no-store',
    signal: options.signal,
  });
}

/** An Open Responses error body (`{error: {message, code, param}}`) as an ApiError. */
interface ErrorBody {
  error?: { message?: string; code?: string; param?: string };
}

export async function errorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as ErrorBody | null;
  const error = body?.error;
  return new ApiError(res.status, error?.message ?? `HTTP ${res.status}`, error?.code ?? null, error?.param ?? null);
}

/** An admin API call (`api/<path>`): the parsed JSON, or an ApiError (401/403 also told to the shell). */
export async function adminApi<T>(path: string, options: CallOptions = {}): Promise<T> {
  const res = await request(`api/${path}`, options);
  if (!res.ok) {
    const error = await errorOf(res);
    if ((error.status === 401 || error.status === 403) && options.token === undefined) onAuthFailure(error);
    throw error;
  }
  return (await res.json()) as T;
}

/** A 404 from an admin route that a gateway without that feature does not have: shown as "no data", not an error. */
export function isMissing(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
