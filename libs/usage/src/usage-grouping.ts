import type { UsageGroupKey } from './usage-record';
import type { UsageFilters, UsageGroupBy } from './usage-query';
import { UsageTotals, emptyTotals, mergeTotals } from './usage-totals';

/** One row of an answer before it is rendered: the group's value (a key id, an owner, …, a day or hour number). */
export interface GroupTotals {
  value: string | number;
  /** for group_by=key: the key's name ('' for requests without a key) */
  keyName: string;
  totals: UsageTotals;
}

/** The value of `groupBy` for totals of `key` in the given day and hour (the hour only for hourly slices). */
export function dimensionOf(groupBy: UsageGroupBy, key: UsageGroupKey, day: number, hour: number | undefined): string | number | undefined {
  switch (groupBy) {
    case 'key':
      return key.keyId;
    case 'owner':
      return key.owner;
    case 'model':
      return key.model;
    case 'provider':
      return key.provider;
    case 'day':
      return day;
    case 'hour':
      return hour;
  }
}

export function matchesFilters(filters: UsageFilters, key: UsageGroupKey): boolean {
  return (
    (filters.keyId === undefined || filters.keyId === key.keyId) &&
    (filters.owner === undefined || filters.owner === key.owner) &&
    (filters.model === undefined || filters.model === key.model) &&
    (filters.provider === undefined || filters.provider === key.provider)
  );
}

/** Sums totals by group; days and hours come out in time order, the other groups by requests, most first. */
export class UsageGrouping {
  private readonly groups = new Map<string | number, GroupTotals>();

  constructor(private readonly groupBy: UsageGroupBy) {}

  add(value: string | number, keyName: string, totals: UsageTotals): void {
    let group = this.groups.get(value);
    if (!group) this.groups.set(value, (group = { value, keyName, totals: emptyTotals() }));
    if (!group.keyName && keyName) group.keyName = keyName;
    mergeTotals(group.totals, totals);
  }

  result(): GroupTotals[] {
    const groups = [...this.groups.values()];
    if (this.groupBy === 'day' || this.groupBy === 'hour') return groups.sort((a, b) => Number(a.value) - Number(b.value));
    return groups.sort((a, b) => b.totals.requests - a.totals.requests || String(a.value).localeCompare(String(b.value)));
  }
}
