import { Logger } from '@nestjs/common';
import { GatewayEvents, RequestScope, knownCost } from '@latticelm/api';
import type { ApiKeyBudget } from '@latticelm/config';
import { CurrentPeriods } from './budget-period';
import { AppliedBudget, budgetExceeded, describeSpend } from './budget-refusal';
import type { OwnerBudgets } from './owner-budgets';
import { SPEND_PERIODS, SpendCounter, SpendSubject, counterKey, fromNanoUsd, recordingKeys, toNanoUsd } from './spend-counter';

/** What the ledger needs of a key. */
export interface BudgetedKey {
  id: string;
  name: string;
  owner: string;
  budget: ApiKeyBudget | null;
}

/** A subject's spend in USD in the current day, month and in total. */
export interface SpendTotals {
  day: number;
  month: number;
  total: number;
}

/** Soft-budget and refusal log lines are written once per counter and process; past this many, the set starts over. */
const MAX_NOTED = 10_000;

/**
 * Budgets on the request path. `budgetsOf` (no I/O) says which budgets a key's request falls under — the key's and
 * its owner's —, `check` reads their counters in one call (a map read, or one Redis MGET) and refuses with 429 once
 * a hard budget's recorded spend has reached it, and `record` adds the request's known cost to the key's and the
 * owner's counters after the response ended. The request that crosses a budget is served and billed; requests
 * admitted while it was still under are too.
 */
export class BudgetLedger {
  private readonly noted = new Set<string>();
  private readonly periods = new CurrentPeriods();

  constructor(
    private readonly counter: SpendCounter,
    private readonly owners: OwnerBudgets,
    private readonly now: () => number,
    private readonly events: GatewayEvents,
    /** pricing on: costs are known, so spend can be recorded */
    readonly recording: boolean,
    /** where the once-per-period line about a spent budget goes */
    private readonly warn: (line: string) => void = (line) => new Logger('Budgets').warn(line),
  ) {}

  get store(): SpendCounter['store'] {
    return this.counter.store;
  }

  budgetsOf(key: BudgetedKey): AppliedBudget[] {
    const applied: AppliedBudget[] = [];
    if (key.budget) applied.push({ scope: 'key', id: key.id, label: `API key '${key.name}'`, budget: key.budget });
    const owner = this.owners.get(key.owner);
    if (owner) applied.push({ scope: 'owner', id: key.owner, label: `owner '${key.owner}'`, budget: owner.budget });
    return applied;
  }

  /** Throws the 429 of the first hard budget whose spend has reached it; soft ones over theirs are flagged. */
  async check(applied: readonly AppliedBudget[]): Promise<void> {
    const now = this.now();
    const windows = applied.map(({ budget }) => this.periods.of(budget.period, now));
    const spent = await this.counter.read(applied.map((entry, index) => counterKey(entry, windows[index])));
    let refusal: Error | undefined;
    applied.forEach((entry, index) => {
      const usd = fromNanoUsd(spent[index]);
      if (usd < entry.budget.usd) return;
      const { mode } = entry.budget;
      if (mode === 'hard' && refusal) return;
      this.events.emit('budget.exceeded', { scope: entry.scope, mode });
      const name = `${windows[index].label}:${entry.scope}:${entry.id}`;
      if (mode === 'hard') refusal = budgetExceeded(entry, windows[index], usd, now);
      if (this.noted.has(name)) return;
      if (this.noted.size >= MAX_NOTED) this.noted.clear();
      this.noted.add(name);
      const outcome = mode === 'hard' ? 'requests are refused until it resets or is raised' : 'requests are still served (soft budget)';
      this.warn(`${describeSpend(entry, windows[index], usd)}; ${outcome}`);
    });
    if (refusal) throw refusal;
  }

  /**
   * Adds the request's cost to its key's and owner's day, month and total. A request that no vendor billed adds
   * nothing; one billed at an unknown cost (a model without a price, an answer without usage) cannot be counted
   * and is only counted in `budget.unpriced`.
   */
  async record(key: BudgetedKey, scope: RequestScope, budgeted: boolean): Promise<void> {
    if (scope.costUsd === undefined && !scope.costUnknown) return;
    const usd = knownCost(scope);
    if (usd === undefined) {
      this.events.emit('budget.unpriced', { budgeted });
      return;
    }
    const nanoUsd = toNanoUsd(usd);
    if (nanoUsd <= 0) return;
    const subjects: SpendSubject[] = [
      { scope: 'key', id: key.id },
      { scope: 'owner', id: key.owner },
    ];
    await this.counter.add(recordingKeys(subjects, this.now(), this.periods), nanoUsd);
  }

  /** Each subject's spend in the current periods, in one read. */
  async spendOf(subjects: readonly SpendSubject[]): Promise<SpendTotals[]> {
    const now = this.now();
    const keys = recordingKeys(subjects, now, this.periods);
    const values = await this.counter.read(keys);
    return subjects.map((_subject, index) => {
      const [day, month, total] = SPEND_PERIODS.map((_period, offset) => fromNanoUsd(values[index * SPEND_PERIODS.length + offset]));
      return { day, month, total };
    });
  }
}
