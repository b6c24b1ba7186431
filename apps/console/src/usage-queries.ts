import { Query, adminApi, isMissing } from './api';
import type { UsageAnswer, UsageGroup, UsageRow } from './admin-types';
import type { Span } from './series';

/** GET /admin/api/usage over a span; `null` when this gateway has no usage log (a 404). */
export async function usageRows(group: UsageGroup, span: Span, filters: Query = {}): Promise<UsageRow[] | null> {
  try {
    const answer = await adminApi<UsageAnswer>('usage', {
      query: { group_by: group, from: Math.floor(span.fromMs / 1000), to: Math.floor(span.toMs / 1000) + 1, ...filters },
    });
    return answer.data;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}
