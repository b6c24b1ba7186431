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

const UPDATED = ROW_COLUMNS.filter((column) => column !== 'id');

/**
 * A multi-row upsert: one statement, so one implicit transaction and one round trip for a whole batch, in the
 * form each database accepts (PostgreSQL and SQLite `ON CONFLICT … excluded`, MySQL/MariaDB `ON DUPLICATE KEY`).
 * Statements are built once per batch size and kept.
 */
export class UpsertStatement {
  private readonly texts = new Map<number, string>();

  constructor(
    private readonly dialect: SqlDialect,
    private readonly table: string,
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

  /** The parameters of `text(rows.length)`, row after row. PostgreSQL refuses two rows with one id in a statement. */
  parameters(rows: StoredResponseRow[]): unknown[] {
    const values: unknown[] = [];
    for (const row of rows) for (const column of ROW_COLUMNS) values.push(row[column]);
    return values;
  }

  private build(rows: number): string {
    const columns = ROW_COLUMNS.map(this.quote).join(', ');
    const tuples: string[] = [];
    let index = 0;
    for (let row = 0; row < rows; row++) {
      const slots = ROW_COLUMNS.map(() => (this.dialect === 'postgres' ? `$${++index}` : '?'));
      tuples.push(`(${slots.join(', ')})`);
    }
    const head = `INSERT INTO ${this.table} (${columns}) VALUES ${tuples.join(', ')}`;
    if (this.dialect === 'mysql') {
      return `${head} ON DUPLICATE KEY UPDATE ${UPDATED.map((column) => `${this.quote(column)} = VALUES(${this.quote(column)})`).join(', ')}`;
    }
    return `${head} ON CONFLICT (${this.quote('id')}) DO UPDATE SET ${UPDATED.map((column) => `${this.quote(column)} = excluded.${this.quote(column)}`).join(', ')}`;
  }
}

/** The last row of each id, in first-seen order (a batch may hold the same response twice: a retry of a save). */
export function lastRowPerId(rows: StoredResponseRow[]): StoredResponseRow[] {
  if (rows.length < 2) return rows;
  const byId = new Map<string, StoredResponseRow>();
  for (const row of rows) byId.set(row.id, row);
  return byId.size === rows.length ? rows : [...byId.values()];
}
