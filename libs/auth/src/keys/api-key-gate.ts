import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError, Principal, RequestScope, modelMatcher } from '@latticelm/api';
import type { BudgetLedger } from '@latticelm/budgets';
import type { ApiKeysConfig, GatewayConfig } from '@latticelm/config';
import type { KeyLimiter, KeyLimitName, KeyLimitVerdict, LimitState } from '@latticelm/traffic';
import { forbidden, unauthorized } from '../auth-errors';
import type { ApiKeyRecord } from './api-key';
import { ApiKeyDirectory } from './api-key-directory';
import { hashSecret, looksLikeApiKey, presentedCredential, sameHash } from './api-key-secret';

const ADMIN_API = '/admin/api';

/** What admitting one call (an HTTP request, a WebSocket turn) decided: headers for its answer, and what to do once it ended. */
export interface KeyAdmission {
  headers: Record<string, string>;
  /** settles the token reservation and records the spend; undefined when there is nothing to do */
  finish?: () => void;
}

/**
 * The request path of API keys, for every front door alike: who the credential is (an admin key, a gateway key,
 * or not ours — then the OIDC strategy decides), whether the key may use the model the body names (`model`, the
 * field every API the gateway speaks has), its and its owner's budgets, and its request and token limits. One
 * hash and one in-process map lookup per request once a key is cached; a budget read only for keys under a
 * budget, a limiter call only for keys that have limits; the spend is recorded once the answer has ended.
 */
export class ApiKeyGate {
  private readonly adminHashes: string[];
  private readonly matchers = new WeakMap<ApiKeyRecord, (model: string) => boolean>();
  private readonly modelOutputLimits: ReadonlyMap<string, number>;
  private readonly defaultReserve: number;
  private readonly oidc: boolean;
  private readonly settling = new Set<Promise<void>>();

  constructor(
    private readonly directory: ApiKeyDirectory,
    config: Pick<GatewayConfig, 'models'> & { auth: { enabled: boolean; apiKeys: Pick<ApiKeysConfig, 'adminKeys' | 'defaultReservedOutputTokens'> } },
    private readonly limiter: KeyLimiter | undefined,
    private readonly budgets?: BudgetLedger,
  ) {
    this.adminHashes = config.auth.apiKeys.adminKeys.map(hashSecret);
    this.oidc = config.auth.enabled;
    this.defaultReserve = config.auth.apiKeys.defaultReservedOutputTokens;
    this.modelOutputLimits = new Map(config.models.filter((model) => model.maxOutputTokens).map((model) => [model.name, model.maxOutputTokens as number]));
  }

  /**
   * The principal for a credential that is ours; undefined when the request carries none, or a bearer token that
   * is not a key while OIDC is on (a JWT). A gateway key that is unknown, revoked, expired or past its rotation grace is a 401.
   */
  async authenticate(req: Pick<IncomingMessage, 'headers'>, path: string): Promise<{ principal: Principal; record?: ApiKeyRecord } | undefined> {
    const credential = presentedCredential(req.headers);
    if (credential === undefined) return undefined;
    const hash = this.adminHashes.length ? hashSecret(credential) : '';
    if (this.adminHashes.some((admin) => sameHash(admin, hash))) {
      if (!path.startsWith(ADMIN_API)) throw forbidden('an admin key opens the admin API only; call /v1 with an API key');
      return { principal: { subject: 'admin-key', claims: {}, via: 'admin_key' } };
    }
    if (!looksLikeApiKey(credential)) {
      // a bearer token that is not a key is the OIDC strategy's to judge; x-api-key only ever carries keys
      if (this.oidc && req.headers.authorization) return undefined;
      throw unauthorized('the API key is not valid', 'invalid_api_key');
    }
    let lookup;
    try {
      lookup = await this.directory.lookup(credential);
    } catch (error) {
      throw new GatewayError({
        status: 503,
        type: 'service_unavailable',
        code: 'api_key_store_unavailable',
        message: 'the API key store is unavailable; try again shortly',
        retryable: true,
        retryAfter: 1,
        origin: 'gateway',
        cause: error,
      });
    }
    if ('refused' in lookup) throw unauthorized(lookup.refused, 'invalid_api_key');
    const { record } = lookup;
    const apiKey = { id: record.id, name: record.name, metadata: record.metadata, ...(record.models.length ? { models: record.models } : {}) };
    return { principal: { subject: record.owner, claims: {}, via: 'api_key', apiKey }, record };
  }

  /** One HTTP request: the answer carries the RateLimit headers; the call finishes when the response has closed. */
  async admit(record: ApiKeyRecord, body: unknown, scope: RequestScope, res: ServerResponse): Promise<void> {
    const fields = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const admission = await this.admitCall(record, fields, scope);
    for (const [name, value] of Object.entries(admission.headers)) res.setHeader(name, value);
    if (admission.finish) res.once('close', admission.finish);
  }

  /**
   * The key's model list, budgets and limits for one call, whatever carried it: 403 naming a model the key may
   * not use, 429 naming the budget or the limit that is spent. `fields` are the request's (`model`,
   * `max_output_tokens` or its other names). The caller runs `finish` once the call has ended: it settles a token
   * reservation on the usage the vendors reported and records the call's cost against the key and its owner.
   */
  async admitCall(record: ApiKeyRecord, fields: Record<string, unknown>, scope: RequestScope): Promise<KeyAdmission> {
    const model = typeof fields.model === 'string' ? fields.model : undefined;
    if (model !== undefined && !this.allows(record, model)) {
      throw new GatewayError({
        status: 403,
        type: 'permission_error',
        code: 'model_not_allowed',
        message: `API key '${record.name}' may not use model '${model}' (allowed: ${record.models.join(', ')})`,
        param: 'model',
        origin: 'client',
      });
    }
    // Only a call that names a model can be billed: reading a stored response or the model list stays open.
    const billable = model !== undefined ? this.budgets : undefined;
    const budgets = billable?.budgetsOf(record) ?? [];
    // read-only, and before the limiter takes a request or tokens the refused call would not use
    if (budgets.length > 0) await billable?.check(budgets);
    const { limits } = record;
    const limited = this.limiter !== undefined && (limits.requestsPerMinute !== undefined || limits.tokensPerMinute !== undefined);
    const reserveTokens = limited && limits.tokensPerMinute !== undefined && model !== undefined ? this.reservation(fields, model) : 0;
    let headers: Record<string, string> = {};
    if (limited && this.limiter) {
      const verdict = await this.limiter.admit({ keyId: record.id, limits, reserveTokens });
      headers = rateLimitHeaders(verdict);
      if (!verdict.allowed) throw limitExceeded(record, verdict, headers);
    }
    const ledger = billable?.recording ? billable : undefined;
    const limiter = reserveTokens > 0 ? this.limiter : undefined;
    if (!ledger && !limiter) return { headers };
    if (limiter) scope.usage ??= { inputTokens: 0, outputTokens: 0 };
    const tokensPerMinute = limits.tokensPerMinute ?? 0;
    // tracked from admission, so that settled() also waits for calls whose answer has not yet closed
    let done: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (done = resolve));
    this.settling.add(ended);
    void ended.then(() => this.settling.delete(ended));
    const finish = () => {
      const work: Promise<void>[] = [];
      if (limiter) {
        const used = (scope.usage?.inputTokens ?? 0) + (scope.usage?.outputTokens ?? 0);
        work.push(limiter.settle(record.id, tokensPerMinute, reserveTokens, used));
      }
      if (ledger) work.push(ledger.record(record, scope, budgets.length > 0));
      void Promise.all(work).then(done, done);
    };
    return { headers, finish };
  }

  /** Resolves once every admitted call has ended, its reservation is settled and its spend recorded (for tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.settling]);
  }

  private allows(record: ApiKeyRecord, model: string): boolean {
    let matcher = this.matchers.get(record);
    if (!matcher) this.matchers.set(record, (matcher = modelMatcher(record.models)));
    return matcher(model);
  }

  /** What a request may write: its own cap (each API names it its way), else the model's, else the default. */
  private reservation(fields: Record<string, unknown>, model: string): number {
    for (const name of ['max_output_tokens', 'max_completion_tokens', 'max_tokens']) {
      const value = fields[name];
      if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.floor(value);
    }
    return this.modelOutputLimits.get(model) ?? this.defaultReserve;
  }
}

/** The IETF trio for the limit that matters (the refusing one, else requests, else tokens), and both by name. */
function rateLimitHeaders(verdict: KeyLimitVerdict): Record<string, string> {
  const headers: Record<string, string> = {};
  const main: LimitState | undefined = verdict.refusedBy ? verdict[verdict.refusedBy] : (verdict.requests ?? verdict.tokens);
  if (main) {
    headers['ratelimit-limit'] = String(main.limit);
    headers['ratelimit-remaining'] = String(main.remaining);
    headers['ratelimit-reset'] = String(Math.ceil(main.resetMs / 1000));
  }
  for (const name of ['requests', 'tokens'] as const) {
    const state = verdict[name];
    if (!state) continue;
    headers[`x-ratelimit-limit-${name}`] = String(state.limit);
    headers[`x-ratelimit-remaining-${name}`] = String(state.remaining);
    headers[`x-ratelimit-reset-${name}`] = `${Math.ceil(state.resetMs / 1000)}s`;
  }
  return headers;
}

const LIMIT_NAMES: Record<KeyLimitName, string> = { requests: 'requests_per_minute', tokens: 'tokens_per_minute' };

function limitExceeded(record: ApiKeyRecord, verdict: KeyLimitVerdict, headers: Record<string, string>): GatewayError {
  const limit = verdict.refusedBy ?? 'requests';
  const retryAfter = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  const value = limit === 'requests' ? record.limits.requestsPerMinute : record.limits.tokensPerMinute;
  return new GatewayError({
    status: 429,
    type: 'too_many_requests',
    code: 'rate_limit_exceeded',
    message: `API key '${record.name}' is over its ${LIMIT_NAMES[limit]} limit (${value}). Retry after ${retryAfter}s.`,
    param: null,
    retryable: true,
    retryAfter,
    headers: { ...headers, 'x-latticelm-ratelimit-exceeded': LIMIT_NAMES[limit] },
    origin: 'client',
  });
}
