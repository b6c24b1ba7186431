import type { ApiKeyBudget } from '@latticelm/config';

export type BudgetPeriod = ApiKeyBudget['period'];

/** One budget period as the spend counters name it: UTC calendar days and months, or everything. */
export interface PeriodWindow {
  period: BudgetPeriod;
  /** the counter's name for it: `total`, `day:2026-01-05`, `month:2026-01` */
  label: string;
  /** epoch ms of its first instant; null for total */
  start: number | null;
  /** epoch ms at which the next period begins; null for total */
  end: number | null;
}

/** How long a past period's counter is kept: a replica whose clock lags still adds to the right one. */
export const PERIOD_RETENTION_MS = 86_400_000;

export function periodWindow(period: BudgetPeriod, now: number): PeriodWindow {
  if (period === 'total') return { period, label: 'total', start: null, end: null };
  const at = new Date(now);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  const yearMonth = `${String(year).padStart(4, '0')}-${pad(month + 1)}`;
  if (period === 'month') return { period, label: `month:${yearMonth}`, start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
  const day = at.getUTCDate();
  return { period, label: `day:${yearMonth}-${pad(day)}`, start: Date.UTC(year, month, day), end: Date.UTC(year, month, day + 1) };
}

/** The current window of each period, computed again only once it has ended: a request does no date arithmetic. */
export class CurrentPeriods {
  private readonly windows = new Map<BudgetPeriod, PeriodWindow>();

  of(period: BudgetPeriod, now: number): PeriodWindow {
    const known = this.windows.get(period);
    if (known && (known.start === null || (now >= known.start && now < (known.end as number)))) return known;
    const window = periodWindow(period, now);
    this.windows.set(period, window);
    return window;
  }
}

/** When a period's counter may be forgotten; null: never (total). */
export function retainUntil(window: PeriodWindow): number | null {
  return window.end === null ? null : window.end + PERIOD_RETENTION_MS;
}

/** Whole seconds until the period ends (at least 1), for Retry-After; undefined for total, which never ends. */
export function secondsToEnd(window: PeriodWindow, now: number): number | undefined {
  return window.end === null ? undefined : Math.max(1, Math.ceil((window.end - now) / 1000));
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
