import type { DataSource } from 'typeorm';
import type { StoredResponseRow } from './stored-response.entity';

export type SqlDialect = 'sqlite' | 'postgres' | 'mysql';

/** The statement form a connection's database accepts (MariaDB speaks MySQL's). */
export function sqlDialectOf(dataSource: DataSource): SqlDialect {
  const type = dataSource.options.type;
  if (type === 'postgres') return 'postgres';
  if (type === 'mysql' || type === 'mariadb') return 'mysql';
  return 'sqlite';
}

/** The row's columns in statement order; `id` is the conflict key. */
export const ROW_COLUMNS = [
  'id',
  'owner',
  'previous_response_id',
  'model',
  'provider',
  'status',
  'input',
  'output',
  'usage',
  'response',
  'created_at',
  'expires_at',
] as const satisfies readonly (keyof StoredResponseRow)[];

/** The parameters of a statement over ROW_COLUMNS, row after row. PostgreSQL refuses two rows with one id in a statement. */
export function responseRowParameters(rows: StoredResponseRow[]): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) for (const column of ROW_COLUMNS) values.push(row[column]);
  return values;
}

/** A table's upsert: `table` quoted already; a row that conflicts on `conflict` updates every other column. */
export interface UpsertShape {
  table: string;
  columns: readonly string[];
  conflict: readonly string[];
  /** columns a conflicting row adds to (counters: `spend = spend + excluded.spend`) instead of replacing */
  added?: readonly string[];
}

/**
 * A multi-row upsert: one statement, so one implicit transaction and one round trip for a whole batch, in the
 * form each database accepts (PostgreSQL and SQLite `ON CONFLICT … excluded`, MySQL/MariaDB `ON DUPLICATE KEY`),
 * parameters row after row in column order. Statements are built once per batch size and kept.
 */
export class UpsertStatement {
  private readonly texts = new Map<number, string>();

  constructor(
    private readonly dialect: SqlDialect,
    private readonly shape: UpsertShape,
    private readonly quote: (name: string) => string,
  ) {}

  text(rows: number): string {
    let text = this.texts.get(rows);
    if (!text) {
      text = this.build(rows);
      if (this.texts.size < 64) this.texts.set(rows, text);
    }
    return text;
  }

  private build(rows: number): string {
    const { quote: q, dialect } = this;
    const { table, columns, conflict, added = [] } = this.shape;
    const tuples: string[] = [];
    let index = 0;
    for (let row = 0; row < rows; row++) {
      const slots = columns.map(() => (dialect === 'postgres' ? `$${++index}` : '?'));
      tuples.push(`(${slots.join(', ')})`);
    }
    const head = `INSERT INTO ${table} (${columns.map(q).join(', ')}) VALUES ${tuples.join(', ')}`;
    const updated = columns.filter((column) => !conflict.includes(column));
    if (dialect === 'mysql') {
      const set = updated.map((c) => (added.includes(c) ? `${q(c)} = ${q(c)} + VALUES(${q(c)})` : `${q(c)} = VALUES(${q(c)})`));
      return `${head} ON DUPLICATE KEY UPDATE ${set.join(', ')}`;
    }
    const set = updated.map((c) => (added.includes(c) ? `${q(c)} = ${table}.${q(c)} + excluded.${q(c)}` : `${q(c)} = excluded.${q(c)}`));
    return `${head} ON CONFLICT (${conflict.map(q).join(', ')}) DO UPDATE SET ${set.join(', ')}`;
  }
}

/** The last row of each id, in first-seen order (a batch may hold the same response twice: a retry of a save). */
export function lastRowPerId(rows: StoredResponseRow[]): StoredResponseRow[] {
  if (rows.length < 2) return rows;
  const byId = new Map<string, StoredResponseRow>();
  for (const row of rows) byId.set(row.id, row);
  return byId.size === rows.length ? rows : [...byId.values()];
}
