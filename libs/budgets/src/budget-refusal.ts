import { GatewayError, formatUsd } from '@latticelm/api';
import type { ApiKeyBudget } from '@latticelm/config';
import { PeriodWindow, secondsToEnd } from './budget-period';
import type { SpendScope } from './spend-counter';

/** A budget one request falls under, named as the messages name it. */
export interface AppliedBudget {
  scope: SpendScope;
  /** the key's id, or the owner */
  id: string;
  /** "API key 'ci'", "owner 'team-a'" */
  label: string;
  budget: ApiKeyBudget;
}

/** `x-latticelm-ratelimit-exceeded`, as for the per-key limits: which limit refused. */
export const BUDGET_LIMIT_NAMES: Record<SpendScope, string> = { key: 'key_budget', owner: 'owner_budget' };

/** An instant as messages write it: ISO 8601 to the second (periods begin on whole seconds). */
const instant = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** What a message says of a period: "month budget … since 2026-01-01T00:00:00Z". */
export function describeSpend(applied: AppliedBudget, window: PeriodWindow, spentUsd: number): string {
  const { budget } = applied;
  const since = window.start === null ? '' : ` since ${instant(window.start)}`;
  return `${applied.label} has reached its ${budget.period} budget of $${formatUsd(budget.usd)} (${budget.mode}): $${formatUsd(spentUsd)} spent${since}`;
}

/**
 * The 429 of a spent hard budget, in OpenAI's terms (`insufficient_quota`), naming the budget and what was spent;
 * Retry-After and RateLimit-Reset say when the period ends (a total budget never does, so neither is sent), and
 * RateLimit-Limit/Remaining are in USD.
 */
export function budgetExceeded(applied: AppliedBudget, window: PeriodWindow, spentUsd: number, now: number): GatewayError {
  const retryAfter = secondsToEnd(window, now);
  const headers: Record<string, string> = {
    'ratelimit-limit': formatUsd(applied.budget.usd),
    'ratelimit-remaining': '0',
    'x-latticelm-ratelimit-exceeded': BUDGET_LIMIT_NAMES[applied.scope],
  };
  if (retryAfter !== undefined) headers['ratelimit-reset'] = String(retryAfter);
  const resets = window.end === null ? ' It does not reset; raise the budget to continue.' : ` It resets at ${instant(window.end)}.`;
  return new GatewayError({
    status: 429,
    type: 'insufficient_quota',
    code: 'insufficient_quota',
    message: `${describeSpend(applied, window, spentUsd)}.${resets}`,
    param: null,
    retryable: retryAfter !== undefined,
    retryAfter,
    headers,
    origin: 'client',
  });
}
