import { Query, adminApi, isMissing } from './api';
import type { RequestRecord } from './admin-types';

/** GET /admin/api/requests, newest first; `null` when this gateway has no usage log (a 404). */
export async function recentRequests(query: Query): Promise<RequestRecord[] | null> {
  try {
    const answer = await adminApi<{ data: RequestRecord[] } | RequestRecord[]>('requests', { query });
    return Array.isArray(answer) ? answer : answer.data;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}
