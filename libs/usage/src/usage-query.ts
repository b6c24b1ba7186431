import { GatewayError } from '@latticelm/api';
import { DAY_MS } from './usage-time';
import type { UsageOutcome } from './usage-record';

export const GROUP_BYS = ['key', 'owner', 'model', 'provider', 'day', 'hour'] as const;
export type UsageGroupBy = (typeof GROUP_BYS)[number];

/** Exact matches; absent: any. */
export interface UsageFilters {
  keyId?: string;
  owner?: string;
  model?: string;
  provider?: string;
}

/** GET /admin/api/usage: totals by one dimension over [from, to), epoch ms. */
export interface UsageQuery {
  groupBy: UsageGroupBy;
  from: number;
  to: number;
  filters: UsageFilters;
}

/** GET /admin/api/requests: the newest records before `before` (epoch ms, exclusive). */
export interface RecentQuery {
  limit: number;
  before?: number;
  filters: UsageFilters;
  /** an HTTP status, or an outcome */
  status?: number | UsageOutcome;
}

const OUTCOMES: readonly UsageOutcome[] = ['ok', 'error', 'stream_failed', 'client_closed'];
const FILTERS = { key_id: 'keyId', owner: 'owner', model: 'model', provider: 'provider' } as const;
const DEFAULT_RANGE_MS = 7 * DAY_MS;
export const DEFAULT_RECENT_LIMIT = 50;
export const MAX_RECENT_LIMIT = 1000;

type Params = Record<string, unknown>;

export function parseUsageQuery(params: Params, now: number): UsageQuery {
  refuseUnknown(params, ['group_by', 'from', 'to', ...Object.keys(FILTERS)]);
  const groupBy = text(params, 'group_by') ?? 'day';
  if (!(GROUP_BYS as readonly string[]).includes(groupBy)) throw invalid('group_by', `group_by must be one of ${GROUP_BYS.join(', ')}, got '${groupBy.slice(0, 64)}'`);
  const to = time(params, 'to') ?? now;
  const from = time(params, 'from') ?? to - DEFAULT_RANGE_MS;
  if (from >= to) throw invalid('from', 'from must be before to');
  return { groupBy: groupBy as UsageGroupBy, from, to, filters: filtersOf(params) };
}

export function parseRecentQuery(params: Params): RecentQuery {
  refuseUnknown(params, ['limit', 'before', 'status', ...Object.keys(FILTERS)]);
  const limitText = text(params, 'limit');
  let limit = DEFAULT_RECENT_LIMIT;
  if (limitText !== undefined) {
    limit = /^\d{1,5}$/.test(limitText) ? Number(limitText) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_RECENT_LIMIT)) throw invalid('limit', `limit must be an integer from 1 to ${MAX_RECENT_LIMIT}`);
  }
  const query: RecentQuery = { limit, filters: filtersOf(params) };
  const before = time(params, 'before');
  if (before !== undefined) query.before = before;
  const status = text(params, 'status');
  if (status !== undefined) {
    if (/^[1-5]\d\d$/.test(status)) query.status = Number(status);
    else if ((OUTCOMES as readonly string[]).includes(status)) query.status = status as UsageOutcome;
    else throw invalid('status', `status must be an HTTP status (e.g. 429) or one of ${OUTCOMES.join(', ')}`);
  }
  return query;
}

/**
 * ISO 8601 (a date, or a date and time; without an offset it is UTC) or unix seconds, as epoch ms. Date.parse alone
 * would take "March 7" or a local time, so the shape is checked first.
 */
export function parseTime(value: string): number | undefined {
  if (/^\d{1,11}(\.\d{1,3})?$/.test(value)) return Math.round(Number(value) * 1000);
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)([Zz]|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!iso) return undefined;
  const [, date, clock, zone] = iso;
  const parsed = Date.parse(clock === undefined ? `${date}T00:00:00Z` : `${date}T${clock}${zone ?? 'Z'}`);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function time(params: Params, name: string): number | undefined {
  const value = text(params, name);
  if (value === undefined) return undefined;
  const parsed = parseTime(value);
  if (parsed === undefined) throw invalid(name, `${name} must be an ISO 8601 time (2026-01-05, 2026-01-05T13:00:00Z) or unix seconds, got '${value.slice(0, 64)}'`);
  return parsed;
}

function filtersOf(params: Params): UsageFilters {
  const filters: UsageFilters = {};
  for (const [name, field] of Object.entries(FILTERS) as [keyof typeof FILTERS, keyof UsageFilters][]) {
    const value = text(params, name);
    if (value === undefined) continue;
    if (value.length > 255) throw invalid(name, `${name} must be at most 255 characters`);
    filters[field] = value;
  }
  return filters;
}

/** A single, non-empty string parameter; repeated or nested ones are refused. */
function text(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(name, `${name} must be given once, as a plain value`);
  if (value === '') throw invalid(name, `${name} must not be empty`);
  return value;
}

function refuseUnknown(params: Params, known: string[]): void {
  for (const name of Object.keys(params)) {
    if (!known.includes(name)) throw GatewayError.invalidRequest(name, `unknown query parameter '${name.slice(0, 64)}' (known: ${known.join(', ')})`, 'unknown_parameter');
  }
}

const invalid = (param: string, message: string) => GatewayError.invalidRequest(param, message);
