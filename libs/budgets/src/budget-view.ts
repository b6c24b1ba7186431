import type { ApiKeyBudget } from '@latticelm/config';
import { periodWindow } from './budget-period';
import type { SpendTotals } from './budget-ledger';
import { fromNanoUsd, toNanoUsd } from './spend-counter';

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

/**
 * The admin API's spend fields of a key or an owner: `spend_usd` in the budget's current period (in total when
 * there is no budget), the current day, month and total, and with a budget when its period began and ends (Unix
 * seconds; null for total) and what is left of it.
 */
export function spendView(budget: ApiKeyBudget | null, totals: SpendTotals, now: number): Record<string, unknown> {
  const spent = budget ? totals[budget.period] : totals.total;
  const view: Record<string, unknown> = { spend_usd: spent, spend: { day_usd: totals.day, month_usd: totals.month, total_usd: totals.total } };
  if (!budget) return view;
  const window = periodWindow(budget.period, now);
  view.budget_period_start = seconds(window.start);
  view.budget_period_end = seconds(window.end);
  // in nano-USD, so that 50 − 0.000018 is 49.999982 and not a float's neighbour of it
  view.budget_remaining_usd = fromNanoUsd(Math.max(0, toNanoUsd(budget.usd) - toNanoUsd(spent)));
  return view;
}
