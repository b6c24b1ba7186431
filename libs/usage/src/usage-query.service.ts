import { GatewayError } from '@latticelm/api';
import { parseRecentQuery, parseUsageQuery } from './usage-query';
import { requestRow, usageRow } from './usage-rows';
import { formatTime } from './usage-time';
import type { UsageStore } from './usage.store';

/** The admin API's usage answers: parse the query (400 naming a bad parameter), ask the store, render the rows. */
export class UsageQueryService {
  constructor(
    private readonly store: UsageStore,
    private readonly now: () => number,
  ) {}

  async usage(params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const now = this.now();
    const query = parseUsageQuery(params, now);
    const groups = await this.read(() => this.store.summarize(query, now));
    return { object: 'list', group_by: query.groupBy, from: formatTime(query.from), to: formatTime(query.to), data: groups.map((group) => usageRow(query.groupBy, group)) };
  }

  async requests(params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const query = parseRecentQuery(params);
    const records = await this.read(() => this.store.recent({ ...query, limit: query.limit + 1 }));
    return { object: 'list', data: records.slice(0, query.limit).map(requestRow), has_more: records.length > query.limit };
  }

  private async read<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw new GatewayError({
        status: 503,
        type: 'service_unavailable',
        code: 'usage_store_unavailable',
        message: 'the usage store is unavailable; try again shortly',
        retryable: true,
        retryAfter: 1,
        origin: 'gateway',
        cause: error,
      });
    }
  }
}
