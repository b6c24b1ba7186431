import { Logger } from '@nestjs/common';
import type { ApiKeyBudget, DeclaredOwnerBudget } from '@latticelm/config';
import { OwnerBudgetStore } from './owner-budget.store';

export interface OwnerBudget {
  owner: string;
  budget: ApiKeyBudget;
  /** `config`: auth.api_keys.owner_budgets, which the admin API cannot change */
  source: 'config' | 'api';
  /** epoch ms of the last change through the API; null for the config's */
  updatedAt: number | null;
}

/**
 * Every owner's budget, in this process: the config's from start-up, the admin API's read from the store at
 * start-up and again every `refreshMs` in the background (a change made on another replica takes effect here
 * within it; one made here, at once). A request's look-up is one map read, never a store call.
 */
export class OwnerBudgets {
  private readonly logger = new Logger('Budgets');
  private readonly declared: ReadonlyMap<string, OwnerBudget>;
  private stored = new Map<string, OwnerBudget>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: OwnerBudgetStore,
    declared: readonly DeclaredOwnerBudget[],
    private readonly refreshMs: number,
  ) {
    this.declared = new Map(declared.map(({ owner, budget }) => [owner, { owner, budget, source: 'config', updatedAt: null }]));
  }

  get(owner: string): OwnerBudget | undefined {
    return this.declared.get(owner) ?? this.stored.get(owner);
  }

  /** the config's first, then the API's, each by owner */
  all(): OwnerBudget[] {
    const fromApi = [...this.stored.values()].filter((entry) => !this.declared.has(entry.owner));
    return [...this.declared.values(), ...fromApi].sort((a, b) => a.owner.localeCompare(b.owner));
  }

  /** Reads the store (a start-up failure fails start-up) and keeps it fresh. */
  async load(): Promise<void> {
    await this.refresh();
    this.timer ??= setInterval(() => {
      this.refresh().catch((error: unknown) => this.logger.warn(`refreshing owner budgets failed (the last ones stay in force): ${error instanceof Error ? error.message : String(error)}`));
    }, this.refreshMs).unref();
  }

  async put(owner: string, budget: ApiKeyBudget, now: number): Promise<OwnerBudget> {
    const entry: OwnerBudget = { owner, budget, source: 'api', updatedAt: now };
    await this.store.put({ owner, budget, updatedAt: now });
    this.stored.set(owner, entry);
    return entry;
  }

  async delete(owner: string): Promise<boolean> {
    const deleted = await this.store.delete(owner);
    return this.stored.delete(owner) || deleted;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async refresh(): Promise<void> {
    const entries = await this.store.list();
    this.stored = new Map(entries.map(({ owner, budget, updatedAt }) => [owner, { owner, budget, source: 'api', updatedAt }]));
  }
}
