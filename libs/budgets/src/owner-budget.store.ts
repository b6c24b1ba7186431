import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { ApiKeyBudget } from '@latticelm/config';
import { OWNER_BUDGETS_TABLE, StoreConnection } from '@latticelm/conversations';

/** An owner's budget as the admin API set it. */
export interface StoredOwnerBudget {
  owner: string;
  budget: ApiKeyBudget;
  /** epoch ms */
  updatedAt: number;
}

/** by owner, the same in every store whatever the database's collation */
const byOwner = (a: StoredOwnerBudget, b: StoredOwnerBudget) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0);

/**
 * Where the owner budgets set through the admin API live: beside the keys (the conversations' SQL database or
 * Redis), or in memory. They are few, so every replica holds them all and refreshes them in the background.
 */
export abstract class OwnerBudgetStore {
  abstract list(): Promise<StoredOwnerBudget[]>;
  abstract put(entry: StoredOwnerBudget): Promise<void>;
  /** false when the owner had no budget */
  abstract delete(owner: string): Promise<boolean>;
}

export class MemoryOwnerBudgetStore extends OwnerBudgetStore {
  private readonly entries = new Map<string, StoredOwnerBudget>();

  async list(): Promise<StoredOwnerBudget[]> {
    return [...this.entries.values()].map((entry) => structuredClone(entry)).sort(byOwner);
  }

  async put(entry: StoredOwnerBudget): Promise<void> {
    this.entries.set(entry.owner, structuredClone(entry));
  }

  async delete(owner: string): Promise<boolean> {
    return this.entries.delete(owner);
  }
}

type Row = { owner: string; budget_json: string; updated_at: string | number };

/** `latticelm_owner_budgets`, from the conversations' migrations. */
export class SqlOwnerBudgetStore extends OwnerBudgetStore {
  private readonly table: string;
  private readonly slot: (index: number) => string;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.table = dataSource.driver.escape(OWNER_BUDGETS_TABLE);
    this.slot = dataSource.options.type === 'postgres' ? (index) => `$${index + 1}` : () => '?';
  }

  async list(): Promise<StoredOwnerBudget[]> {
    const rows = await this.dataSource.query<Row[]>(`SELECT owner, budget_json, updated_at FROM ${this.table}`);
    return rows.map((row) => ({ owner: row.owner, budget: JSON.parse(row.budget_json) as ApiKeyBudget, updatedAt: Number(row.updated_at) })).sort(byOwner);
  }

  /** Delete and insert in one transaction: the same two statements on every dialect. */
  async put(entry: StoredOwnerBudget): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM ${this.table} WHERE owner = ${this.slot(0)}`, [entry.owner]);
      await manager.query(`INSERT INTO ${this.table} (owner, budget_json, updated_at) VALUES (${this.slot(0)}, ${this.slot(1)}, ${this.slot(2)})`, [
        entry.owner,
        JSON.stringify(entry.budget),
        entry.updatedAt,
      ]);
    });
  }

  async delete(owner: string): Promise<boolean> {
    const found = await this.dataSource.query<Row[]>(`SELECT owner FROM ${this.table} WHERE owner = ${this.slot(0)}`, [owner]);
    if (found.length === 0) return false;
    await this.dataSource.query(`DELETE FROM ${this.table} WHERE owner = ${this.slot(0)}`, [owner]);
    return true;
  }
}

/** One hash, `<prefix>owner-budgets`: owner → the entry as JSON. */
export class RedisOwnerBudgetStore extends OwnerBudgetStore {
  private readonly key: string;

  constructor(
    private readonly client: Redis,
    prefix: string,
  ) {
    super();
    this.key = `${prefix}owner-budgets`;
  }

  async list(): Promise<StoredOwnerBudget[]> {
    const entries = await this.client.hvals(this.key);
    return entries.map((entry) => JSON.parse(entry) as StoredOwnerBudget).sort(byOwner);
  }

  async put(entry: StoredOwnerBudget): Promise<void> {
    await this.client.hset(this.key, entry.owner, JSON.stringify(entry));
  }

  async delete(owner: string): Promise<boolean> {
    return (await this.client.hdel(this.key, owner)) > 0;
  }
}

/** Owner budgets live where the keys do: on the conversations' SQL connection or Redis, else in memory. */
export function ownerBudgetStoreFor(connection: StoreConnection): OwnerBudgetStore {
  switch (connection.kind) {
    case 'sql':
      return new SqlOwnerBudgetStore(connection.dataSource);
    case 'redis':
      return new RedisOwnerBudgetStore(connection.client, connection.keyPrefix);
    case 'memory':
      return new MemoryOwnerBudgetStore();
  }
}
