import { BudgetPeriod, CurrentPeriods, PeriodWindow, periodWindow, retainUntil } from './budget-period';

/** Whose spend: an API key (by id) or an owner (a team, a subject). */
export type SpendScope = 'key' | 'owner';

export interface SpendSubject {
  scope: SpendScope;
  id: string;
}

/** One counter: a subject's spend in one period. */
export interface SpendCounterKey extends SpendSubject {
  /** the period's label (`total`, `day:2026-01-05`, `month:2026-01`) */
  period: string;
  /** epoch ms after which the counter may be forgotten; null: never */
  expiresAt: number | null;
}

/** Every request adds to all three, so any budget period can be answered, and a changed one at once. */
export const SPEND_PERIODS: readonly BudgetPeriod[] = ['day', 'month', 'total'];

export function counterKey(subject: SpendSubject, window: PeriodWindow): SpendCounterKey {
  return { scope: subject.scope, id: subject.id, period: window.label, expiresAt: retainUntil(window) };
}

/** The counters a request's cost is added to: each subject's day, month and total. */
export function recordingKeys(subjects: readonly SpendSubject[], now: number, periods?: CurrentPeriods): SpendCounterKey[] {
  const windows = SPEND_PERIODS.map((period) => (periods ? periods.of(period, now) : periodWindow(period, now)));
  return subjects.flatMap((subject) => windows.map((window) => counterKey(subject, window)));
}

/** The period label first: its forms are fixed, so no owner name can make two counters' names collide. */
export function counterName(key: SpendCounterKey): string {
  return `${key.period}:${key.scope}:${key.id}`;
}

/** Spend is counted in integer nano-USD, so that adding is exact in Redis, SQL and here alike. */
export function toNanoUsd(usd: number): number {
  return Math.round(usd * 1e9);
}

export function fromNanoUsd(nanoUsd: number): number {
  return nanoUsd / 1e9;
}

/**
 * Spend counters: in this process (exact for one replica, persisted when the conversations are in SQL), or in
 * Redis, where every replica adds to and reads the same counters atomically.
 */
export abstract class SpendCounter {
  abstract readonly store: 'memory' | 'redis';
  /** nano-USD on each counter (0 for one never added to), in one read */
  abstract read(keys: readonly SpendCounterKey[]): Promise<number[]>;
  /** adds nano-USD to every counter, in one atomic operation */
  abstract add(keys: readonly SpendCounterKey[], nanoUsd: number): Promise<void>;
  /** restores what was persisted, before the first request */
  async load(): Promise<void> {}
  /** writes what is not yet persisted, and stops */
  async close(): Promise<void> {}
}
