import type { GroupTotals } from './usage-grouping';
import type { RecentQuery, UsageQuery } from './usage-query';
import type { UsageRecord } from './usage-record';

/** How long what is kept: raw records (memory and Redis: hourly slices too), daily roll-ups, the recent list's length. */
export interface UsageRetention {
  retentionMs: number;
  rollupRetentionMs: number;
  maxRecentRecords: number;
}

/** What a store holds: raw records, and roll-up rows (memory and Redis count their hourly and daily slices). */
export interface UsageStoreSize {
  records: number;
  rollups: number;
}

/**
 * Where usage records live: beside the conversations (the same SQL connection or Redis), or in memory when they
 * are. Every method is the operator's (the admin API), so none is owner-scoped; the admin guard is in front.
 */
export abstract class UsageStore {
  abstract readonly kind: string;
  /** one write for the whole batch (one multi-row INSERT, one MULTI) */
  abstract insert(records: readonly UsageRecord[]): Promise<void>;
  /** rolls up what has passed the retention and deletes what has passed the roll-up retention, as of `now` */
  abstract maintain(now: number): Promise<void>;
  /** totals by the query's group over its range, raw records and roll-ups each counted once */
  abstract summarize(query: UsageQuery, now: number): Promise<GroupTotals[]>;
  /** at most `query.limit` records, newest first */
  abstract recent(query: RecentQuery): Promise<UsageRecord[]>;
  abstract size(): Promise<UsageStoreSize>;
}

/** Whether a record passes a recent-records query's filters. */
export function recordMatches(query: RecentQuery, record: UsageRecord): boolean {
  const { filters, status, before } = query;
  if (before !== undefined && record.at >= before) return false;
  if (filters.keyId !== undefined && record.keyId !== filters.keyId) return false;
  if (filters.owner !== undefined && record.owner !== filters.owner) return false;
  if (filters.model !== undefined && record.model !== filters.model) return false;
  if (filters.provider !== undefined && record.provider !== filters.provider) return false;
  if (status === undefined) return true;
  return typeof status === 'number' ? record.status === status : record.outcome === status;
}
