import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { BUCKET_COUNT } from './latency-histogram';
import type { RecentQuery, UsageQuery } from './usage-query';
import type { UsageRecord } from './usage-record';
import { GroupTotals, SliceEntry, SliceKind, parseGroupId, sliceRecords, summarizeSlices } from './usage-slices';
import { DAY_MS, dayOf, firstRawDay } from './usage-time';
import { UsageTotals, emptyTotals } from './usage-totals';
import { UsageRetention, UsageStore, UsageStoreSize, recordMatches } from './usage.store';

/** Between a group's id and a metric in a hash field; JSON (the group id) never holds it unescaped. */
const SEP = '\u001f';
const SCALARS = ['requests', 'errors', 'inputTokens', 'cachedTokens', 'cacheWriteTokens', 'outputTokens', 'reasoningTokens', 'unpriced', 'ttftCount'] as const;
const FLOATS = ['costUsd', 'latencyMsSum', 'ttftMsSum'] as const;
const RECENT_PAGE = 500;
/** the slices outlive their retention by this much in Redis's own clock, in case no replica runs the clean-up */
const TTL_SLACK_MS = 2 * DAY_MS;

/**
 * The usage log in the conversations' Redis, bounded by construction: per hour and per day one hash
 * (`<prefix>usage:hour:<n>`, `<prefix>usage:day:<n>`) whose fields are a group's sums (`<group>\u001f<metric>`,
 * HINCRBY / HINCRBYFLOAT, so replicas add to them atomically), indexed by `<prefix>usage:hours` / `:days`; and the
 * most recent records in the sorted set `<prefix>usage:recent` (by time, capped at usage_log.max_recent_records).
 * A flush is one MULTI. The clean-up deletes slices past their retention by the index; TTLs are a safety net.
 */
export class RedisUsageStore extends UsageStore {
  readonly kind = 'redis';
  /** makes every recent-set member unique, across replicas too */
  private readonly tag = randomBytes(4).toString('hex');
  private sequence = 0;

  constructor(
    private readonly client: Redis,
    private readonly prefix: string,
    private readonly retention: UsageRetention,
  ) {
    super();
  }

  async insert(records: readonly UsageRecord[]): Promise<void> {
    const multi = this.client.multi();
    for (const kind of ['hour', 'day'] as const) {
      const ttl = (kind === 'hour' ? this.retention.retentionMs + DAY_MS : this.retention.rollupRetentionMs) + TTL_SLACK_MS;
      for (const [slice, groups] of sliceRecords(records, kind)) {
        const key = this.sliceKey(kind, slice);
        for (const [id, { totals }] of groups) {
          for (const metric of SCALARS) if (totals[metric] !== 0) multi.hincrby(key, `${id}${SEP}${metric}`, totals[metric]);
          for (const metric of FLOATS) if (totals[metric] !== 0) multi.hincrbyfloat(key, `${id}${SEP}${metric}`, totals[metric]);
          for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
            if (totals.latency[bucket] > 0) multi.hincrby(key, `${id}${SEP}l${bucket}`, totals.latency[bucket]);
            if (totals.ttft[bucket] > 0) multi.hincrby(key, `${id}${SEP}t${bucket}`, totals.ttft[bucket]);
          }
        }
        multi.pexpire(key, ttl);
        multi.zadd(this.indexKey(kind), slice, String(slice));
      }
    }
    const recent = this.recentKey();
    for (const record of records) multi.zadd(recent, record.at, `${this.tag}${(this.sequence++).toString(36)}|${JSON.stringify(record)}`);
    multi.zremrangebyrank(recent, 0, -(this.retention.maxRecentRecords + 1));
    multi.pexpire(recent, this.retention.retentionMs + TTL_SLACK_MS);
    await execute(multi);
  }

  async maintain(now: number): Promise<void> {
    await this.dropSlicesBefore('hour', firstRawDay(now, this.retention.retentionMs) * 24);
    await this.dropSlicesBefore('day', dayOf(now - this.retention.rollupRetentionMs));
    await this.client.zremrangebyscore(this.recentKey(), '-inf', `(${now - this.retention.retentionMs}`);
  }

  private async dropSlicesBefore(kind: SliceKind, first: number): Promise<void> {
    const index = this.indexKey(kind);
    const old = await this.client.zrangebyscore(index, '-inf', `(${first}`);
    if (old.length === 0) return;
    await execute(
      this.client
        .multi()
        .del(...old.map((slice) => this.sliceKey(kind, Number(slice))))
        .zremrangebyscore(index, '-inf', `(${first}`),
    );
  }

  summarize(query: UsageQuery, now: number): Promise<GroupTotals[]> {
    return summarizeSlices(query, now, this.retention.retentionMs, (kind, range) => this.readSlices(kind, range));
  }

  private async readSlices(kind: SliceKind, [first, last]: [number | string, number | string]): Promise<{ slice: number; entries: SliceEntry[] }[]> {
    const slices = (await this.client.zrangebyscore(this.indexKey(kind), first, last)).map(Number);
    if (slices.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const slice of slices) pipeline.hgetall(this.sliceKey(kind, slice));
    const results = (await pipeline.exec()) ?? [];
    return slices.map((slice, index) => {
      const [error, fields] = results[index] ?? [null, {}];
      if (error) throw error;
      return { slice, entries: entriesOf(fields as Record<string, string>) };
    });
  }

  async recent(query: RecentQuery): Promise<UsageRecord[]> {
    const found: UsageRecord[] = [];
    const max = query.before === undefined ? '+inf' : `(${query.before}`;
    for (let offset = 0; found.length < query.limit; offset += RECENT_PAGE) {
      const members = await this.client.zrevrangebyscore(this.recentKey(), max, '-inf', 'LIMIT', offset, RECENT_PAGE);
      for (const member of members) {
        const record = JSON.parse(member.slice(member.indexOf('|') + 1)) as UsageRecord;
        if (recordMatches(query, record) && found.length < query.limit) found.push(record);
      }
      if (members.length < RECENT_PAGE) break;
    }
    return found;
  }

  /** Reads every slice: for tests and diagnostics, not for a request path. */
  async size(): Promise<UsageStoreSize> {
    let rollups = 0;
    for (const kind of ['hour', 'day'] as const) {
      for (const { entries } of await this.readSlices(kind, ['-inf', '+inf'])) rollups += entries.length;
    }
    return { records: await this.client.zcard(this.recentKey()), rollups };
  }

  private sliceKey(kind: SliceKind, slice: number): string {
    return `${this.prefix}usage:${kind}:${slice}`;
  }

  private indexKey(kind: SliceKind): string {
    return `${this.prefix}usage:${kind}s`;
  }

  private recentKey(): string {
    return `${this.prefix}usage:recent`;
  }
}

function entriesOf(fields: Record<string, string>): SliceEntry[] {
  const byGroup = new Map<string, UsageTotals>();
  for (const [field, text] of Object.entries(fields)) {
    const split = field.lastIndexOf(SEP);
    const id = field.slice(0, split);
    const metric = field.slice(split + 1);
    let totals = byGroup.get(id);
    if (!totals) byGroup.set(id, (totals = emptyTotals()));
    const value = Number(text);
    const bucket = /^[lt]\d+$/.test(metric) ? Number(metric.slice(1)) : -1;
    if (bucket >= BUCKET_COUNT) continue;
    if (bucket >= 0) (metric[0] === 'l' ? totals.latency : totals.ttft)[bucket] = value;
    else if ((SCALARS as readonly string[]).includes(metric) || (FLOATS as readonly string[]).includes(metric)) totals[metric as (typeof SCALARS)[number]] = value;
  }
  return [...byGroup].map(([id, totals]) => ({ key: parseGroupId(id), totals }));
}

async function execute(multi: ReturnType<Redis['multi']>): Promise<void> {
  const results = await multi.exec();
  const failed = results?.find(([error]) => error)?.[0];
  if (failed) throw failed;
}
