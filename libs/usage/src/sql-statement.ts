import type { DataSource } from 'typeorm';
import { sqlDialectOf } from '@latticelm/conversations';

/** A statement being built: quoted names, and placeholders in each dialect's form ($1… on PostgreSQL, ? elsewhere). */
export class SqlStatement {
  readonly values: unknown[] = [];
  private readonly conditions: string[] = [];

  constructor(private readonly dialect: SqlDialectInfo) {}

  /** the placeholder of a new parameter */
  param(value: unknown): string {
    this.values.push(value);
    return this.dialect.postgres ? `$${this.values.length}` : '?';
  }

  name(column: string): string {
    return this.dialect.quote(column);
  }

  /** `column <operator> value`, ANDed into the WHERE clause */
  where(column: string, operator: '=' | '<' | '<=' | '>=', value: unknown): this {
    this.conditions.push(`${this.name(column)} ${operator} ${this.param(value)}`);
    return this;
  }

  /** the WHERE clause so far, with `extra` conditions written out */
  clause(extra: string[] = []): string {
    const all = [...this.conditions, ...extra];
    return all.length ? ` WHERE ${all.join(' AND ')}` : '';
  }
}

export interface SqlDialectInfo {
  postgres: boolean;
  mysql: boolean;
  readonly quote: (name: string) => string;
}

export function dialectOf(dataSource: DataSource): SqlDialectInfo {
  const dialect = sqlDialectOf(dataSource);
  return { postgres: dialect === 'postgres', mysql: dialect === 'mysql', quote: (name) => dataSource.driver.escape(name) };
}

/** Runs an UPDATE or DELETE and says how many rows it changed (each driver reports it its way; TypeORM evens it out). */
export async function changedRows(dataSource: DataSource, sql: string, values: unknown[]): Promise<number> {
  const runner = dataSource.createQueryRunner();
  try {
    const result = await runner.query(sql, values, true);
    return Number(result.affected ?? 0);
  } finally {
    await runner.release();
  }
}
