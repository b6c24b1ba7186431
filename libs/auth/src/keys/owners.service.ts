import { GatewayError } from '@latticelm/api';
import { BudgetLedger, OwnerBudget, OwnerBudgets, spendView } from '@latticelm/budgets';
import type { ApiKeysService } from './api-keys.service';
import { parseBudget } from './parse-create-key';

type View = Record<string, unknown>;

const seconds = (ms: number | null) => (ms === null ? null : Math.floor(ms / 1000));

/**
 * The admin API's owners (`/admin/api/owners`): everyone who owns a key or has a budget, with their spend, and
 * the owner budgets set through the API. Those the config declares (`auth.api_keys.owner_budgets`) are shown
 * but changed only in the config (409).
 */
export class OwnersService {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly owners: OwnerBudgets,
    private readonly budgets: BudgetLedger,
    private readonly now: () => number,
  ) {}

  async list(): Promise<View> {
    const counts = new Map<string, number>();
    for (const record of await this.keys.all()) counts.set(record.owner, (counts.get(record.owner) ?? 0) + (record.revokedAt === null ? 1 : 0));
    for (const { owner } of this.owners.all()) if (!counts.has(owner)) counts.set(owner, 0);
    const names = [...counts.keys()].sort((a, b) => a.localeCompare(b));
    const spend = await this.budgets.spendOf(names.map((owner) => ({ scope: 'owner', id: owner })));
    const now = this.now();
    const data = names.map((owner, index) => {
      const entry = this.owners.get(owner);
      return {
        object: 'owner',
        owner,
        keys: counts.get(owner),
        budget: entry?.budget ?? null,
        budget_source: entry?.source ?? null,
        ...spendView(entry?.budget ?? null, spend[index], now),
      };
    });
    return { object: 'list', data };
  }

  async getBudget(owner: string): Promise<View> {
    return this.view(this.find(checkedOwner(owner)));
  }

  /** Sets (or replaces) the owner's budget: at once on this replica, on the others within `auth.api_keys.cache_ttl`. */
  async putBudget(owner: string, body: unknown): Promise<View> {
    const name = checkedOwner(owner);
    const existing = this.owners.get(name);
    if (existing?.source === 'config') throw declaredInConfig(name);
    const budget = parseBudget(body, '');
    if (!budget) throw GatewayError.invalidRequest('body', "the body must be a budget: {usd, period, mode?}");
    return this.view(await this.owners.put(name, budget, this.now()));
  }

  async deleteBudget(owner: string): Promise<View> {
    const entry = this.find(checkedOwner(owner));
    if (entry.source === 'config') throw declaredInConfig(entry.owner);
    await this.owners.delete(entry.owner);
    return { ...(await this.view(entry)), deleted: true };
  }

  private find(owner: string): OwnerBudget {
    const entry = this.owners.get(owner);
    if (!entry) throw GatewayError.notFound(`Owner '${owner}' has no budget.`, 'owner_budget_not_found', 'owner');
    return entry;
  }

  private async view(entry: OwnerBudget): Promise<View> {
    const [spend] = await this.budgets.spendOf([{ scope: 'owner', id: entry.owner }]);
    const now = this.now();
    return { object: 'owner_budget', owner: entry.owner, budget: entry.budget, source: entry.source, updated_at: seconds(entry.updatedAt), ...spendView(entry.budget, spend, now) };
  }
}

function checkedOwner(owner: string): string {
  if (owner === '' || owner.length > 255) throw GatewayError.invalidRequest('owner', "'owner' must be 1 to 255 characters");
  return owner;
}

function declaredInConfig(owner: string): GatewayError {
  return new GatewayError({
    status: 409,
    type: 'invalid_request',
    code: 'owner_budget_declared_in_config',
    message: `The budget of owner '${owner}' is declared in the configuration (auth.api_keys.owner_budgets); change it there.`,
    param: 'owner',
    origin: 'client',
  });
}
