import type { RecentQuery, UsageQuery } from './usage-query';
import type { UsageRecord } from './usage-record';
import { GroupTotals, SliceKind, Slices, sliceRecords, summarizeSlices } from './usage-slices';
import { dayOf, firstRawDay } from './usage-time';
import { mergeTotals } from './usage-totals';
import { UsageRetention, UsageStore, UsageStoreSize, recordMatches } from './usage.store';

/** The usage log of `conversations.store: memory`: hourly and daily slices and the recent records, lost on restart. */
export class MemoryUsageStore extends UsageStore {
  readonly kind = 'memory';
  private readonly slices: Record<SliceKind, Slices> = { hour: new Map(), day: new Map() };
  /** oldest first */
  private recentRecords: UsageRecord[] = [];

  constructor(private readonly retention: UsageRetention) {
    super();
  }

  async insert(records: readonly UsageRecord[]): Promise<void> {
    for (const kind of ['hour', 'day'] as const) {
      for (const [slice, groups] of sliceRecords(records, kind)) {
        const kept = this.slices[kind].get(slice);
        if (!kept) {
          this.slices[kind].set(slice, groups);
          continue;
        }
        for (const [id, entry] of groups) {
          const existing = kept.get(id);
          if (existing) mergeTotals(existing.totals, entry.totals);
          else kept.set(id, entry);
        }
      }
    }
    this.recentRecords.push(...records.map((record) => ({ ...record })));
    const excess = this.recentRecords.length - this.retention.maxRecentRecords;
    if (excess > 0) this.recentRecords.splice(0, excess);
  }

  async maintain(now: number): Promise<void> {
    const firstHour = firstRawDay(now, this.retention.retentionMs) * 24;
    const firstDay = dayOf(now - this.retention.rollupRetentionMs);
    for (const slice of this.slices.hour.keys()) if (slice < firstHour) this.slices.hour.delete(slice);
    for (const slice of this.slices.day.keys()) if (slice < firstDay) this.slices.day.delete(slice);
    const oldest = now - this.retention.retentionMs;
    this.recentRecords = this.recentRecords.filter((record) => record.at >= oldest);
  }

  summarize(query: UsageQuery, now: number): Promise<GroupTotals[]> {
    return summarizeSlices(query, now, this.retention.retentionMs, async (kind, [first, last]) =>
      [...this.slices[kind]].filter(([slice]) => slice >= first && slice <= last).map(([slice, groups]) => ({ slice, entries: groups.values() })),
    );
  }

  async recent(query: RecentQuery): Promise<UsageRecord[]> {
    const found: UsageRecord[] = [];
    for (let index = this.recentRecords.length - 1; index >= 0 && found.length < query.limit; index--) {
      const record = this.recentRecords[index];
      if (recordMatches(query, record)) found.push({ ...record });
    }
    return found;
  }

  async size(): Promise<UsageStoreSize> {
    let rollups = 0;
    for (const kind of ['hour', 'day'] as const) for (const groups of this.slices[kind].values()) rollups += groups.size;
    return { records: this.recentRecords.length, rollups };
  }
}
