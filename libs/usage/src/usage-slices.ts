import { GroupTotals, UsageGrouping, dimensionOf, matchesFilters } from './usage-grouping';
import type { UsageQuery } from './usage-query';
import { UsageGroupKey, UsageRecord, groupKeyOf } from './usage-record';
import { dayOf, firstRawDay, hourOf } from './usage-time';
import { UsageTotals, addRecord, emptyTotals } from './usage-totals';

/**
 * The memory and Redis stores keep no raw records for their queries: each write adds to hourly slices (kept for the
 * retention) and daily slices (kept for the roll-up retention), one entry per group, so they stay bounded whatever
 * the traffic. A query reads hourly slices from the first day still within the retention on, daily slices before
 * it: each record is counted once, at an hour's resolution.
 */
export type SliceKind = 'hour' | 'day';

export interface SliceEntry {
  key: UsageGroupKey;
  totals: UsageTotals;
}

/** slice number (epoch hour or day) → group id → its totals */
export type Slices = Map<number, Map<string, SliceEntry>>;

/** A group's identity as one string (JSON escapes every control character, so it can be joined with \u001f). */
export function groupId(key: UsageGroupKey): string {
  return JSON.stringify([key.keyId, key.keyName, key.owner, key.model, key.provider]);
}

export function parseGroupId(id: string): UsageGroupKey {
  const [keyId, keyName, owner, model, provider] = JSON.parse(id) as string[];
  return { keyId, keyName, owner, model, provider };
}

export function sliceRecords(records: readonly UsageRecord[], kind: SliceKind): Slices {
  const slices: Slices = new Map();
  for (const record of records) {
    const slice = kind === 'hour' ? hourOf(record.at) : dayOf(record.at);
    let groups = slices.get(slice);
    if (!groups) slices.set(slice, (groups = new Map<string, SliceEntry>()));
    const key = groupKeyOf(record);
    const id = groupId(key);
    let entry = groups.get(id);
    if (!entry) groups.set(id, (entry = { key, totals: emptyTotals() }));
    addRecord(entry.totals, record);
  }
  return slices;
}

/** The slices that answer a query at `now`, as inclusive ranges of slice numbers. */
export function slicePlan(query: UsageQuery, now: number, retentionMs: number): { hours?: [number, number]; days?: [number, number] } {
  const rawDay = firstRawDay(now, retentionMs);
  const plan: { hours?: [number, number]; days?: [number, number] } = {};
  const firstHour = Math.max(hourOf(query.from), rawDay * 24);
  const lastHour = hourOf(query.to - 1);
  if (firstHour <= lastHour) plan.hours = [firstHour, lastHour];
  // hours have no roll-up: group_by=hour covers the retention only
  const lastDay = Math.min(dayOf(query.to - 1), rawDay - 1);
  if (query.groupBy !== 'hour' && dayOf(query.from) <= lastDay) plan.days = [dayOf(query.from), lastDay];
  return plan;
}

/** A store's slices of one kind whose numbers are within an inclusive range. */
export type SliceReader = (kind: SliceKind, range: [number, number]) => Promise<Iterable<{ slice: number; entries: Iterable<SliceEntry> }>>;

/** A query's answer from the slices its plan names. */
export async function summarizeSlices(query: UsageQuery, now: number, retentionMs: number, read: SliceReader): Promise<GroupTotals[]> {
  const plan = slicePlan(query, now, retentionMs);
  const grouping = new UsageGrouping(query.groupBy);
  for (const kind of ['hour', 'day'] as const) {
    const range = kind === 'hour' ? plan.hours : plan.days;
    if (!range) continue;
    for (const { slice, entries } of await read(kind, range)) groupSlice(query, grouping, kind, slice, entries);
  }
  return grouping.result();
}

/** Adds one slice's entries that pass the query's filters to the grouping. */
export function groupSlice(query: UsageQuery, grouping: UsageGrouping, kind: SliceKind, slice: number, entries: Iterable<SliceEntry>): void {
  const day = kind === 'hour' ? Math.floor(slice / 24) : slice;
  const hour = kind === 'hour' ? slice : undefined;
  for (const { key, totals } of entries) {
    if (!matchesFilters(query.filters, key)) continue;
    const value = dimensionOf(query.groupBy, key, day, hour);
    if (value !== undefined) grouping.add(value, key.keyName, totals);
  }
}

export type { GroupTotals };
