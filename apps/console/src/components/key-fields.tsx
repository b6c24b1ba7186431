import type { ApiKeyView } from '../admin-types';
import { formatCount, formatDate, formatUsd } from '../format';

/** "600 req/min · 200,000 tok/min", or "none". */
export function limitsText(key: ApiKeyView): string {
  const parts = [
    key.limits.requests_per_minute !== null ? `${formatCount(key.limits.requests_per_minute)} req/min` : '',
    key.limits.tokens_per_minute !== null ? `${formatCount(key.limits.tokens_per_minute)} tok/min` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'none';
}

/** "$50.00 a month (hard)", or "none". */
export function budgetText(key: Pick<ApiKeyView, 'budget'>): string {
  if (!key.budget) return 'none';
  const period = key.budget.period === 'total' ? 'in total' : `a ${key.budget.period}`;
  return `${formatUsd(key.budget.usd)} ${period} (${key.budget.mode ?? 'hard'})`;
}

export function modelsText(key: ApiKeyView): string {
  return key.models.length ? key.models.join(', ') : 'all models';
}

export function expiryText(key: ApiKeyView): string {
  return formatDate(key.expires_at, 'never');
}
