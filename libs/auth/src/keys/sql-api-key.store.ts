import type { DataSource } from 'typeorm';
import { API_KEYS_TABLE } from '@latticelm/conversations';
import type { ApiKeyRecord } from './api-key';
import { ApiKeyStore } from './api-key.store';

const COLUMNS = [
  'id',
  'name',
  'owner',
  'secret_hash',
  'secret_hint',
  'previous_secret_hash',
  'previous_expires_at',
  'models_json',
  'limits_json',
  'budget_json',
  'metadata_json',
  'expires_at',
  'created_at',
  'created_by',
  'rotated_at',
  'revoked_at',
] as const;

type Row = Record<(typeof COLUMNS)[number], string | number | null>;

/**
 * Keys in the conversations' SQL database (SQLite, PostgreSQL, MySQL/MariaDB), on its DataSource; the table comes
 * from the same migrations. Plain statements: five of them, the same on every dialect but for placeholders.
 */
export class SqlApiKeyStore extends ApiKeyStore {
  readonly kind = 'sql';
  private readonly table: string;
  private readonly placeholder: (index: number) => string;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.table = dataSource.driver.escape(API_KEYS_TABLE);
    this.placeholder = dataSource.options.type === 'postgres' ? (index) => `$${index + 1}` : () => '?';
  }

  async insert(record: ApiKeyRecord): Promise<void> {
    const values = toRow(record);
    const names = COLUMNS.map((column) => this.dataSource.driver.escape(column)).join(', ');
    await this.dataSource.query(`INSERT INTO ${this.table} (${names}) VALUES (${COLUMNS.map((_c, i) => this.placeholder(i)).join(', ')})`, COLUMNS.map((c) => values[c]));
  }

  async update(record: ApiKeyRecord): Promise<void> {
    const values = toRow(record);
    const settable = COLUMNS.filter((column) => column !== 'id');
    const assignments = settable.map((column, i) => `${this.dataSource.driver.escape(column)} = ${this.placeholder(i)}`).join(', ');
    await this.dataSource.query(`UPDATE ${this.table} SET ${assignments} WHERE id = ${this.placeholder(settable.length)}`, [...settable.map((c) => values[c]), record.id]);
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const rows = await this.dataSource.query<Row[]>(`SELECT * FROM ${this.table} WHERE id = ${this.placeholder(0)}`, [id]);
    return rows[0] && fromRow(rows[0]);
  }

  async findBySecretHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const rows = await this.dataSource.query<Row[]>(
      `SELECT * FROM ${this.table} WHERE secret_hash = ${this.placeholder(0)} OR previous_secret_hash = ${this.placeholder(1)}`,
      [hash, hash],
    );
    return rows[0] && fromRow(rows[0]);
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = await this.dataSource.query<Row[]>(`SELECT * FROM ${this.table} ORDER BY created_at DESC, id`);
    return rows.map(fromRow);
  }
}

function toRow(record: ApiKeyRecord): Row {
  return {
    id: record.id,
    name: record.name,
    owner: record.owner,
    secret_hash: record.secretHash,
    secret_hint: record.secretHint,
    previous_secret_hash: record.previousSecretHash,
    previous_expires_at: record.previousExpiresAt,
    models_json: JSON.stringify(record.models),
    limits_json: JSON.stringify(record.limits),
    budget_json: record.budget === null ? null : JSON.stringify(record.budget),
    metadata_json: JSON.stringify(record.metadata),
    expires_at: record.expiresAt,
    created_at: record.createdAt,
    created_by: record.createdBy,
    rotated_at: record.rotatedAt,
    revoked_at: record.revokedAt,
  };
}

/** bigint comes back as a string from pg and as a number from mysql2 and sqlite. */
const time = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function fromRow(row: Row): ApiKeyRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    owner: String(row.owner),
    secretHash: String(row.secret_hash),
    secretHint: String(row.secret_hint),
    previousSecretHash: row.previous_secret_hash === null ? null : String(row.previous_secret_hash),
    previousExpiresAt: time(row.previous_expires_at),
    models: JSON.parse(String(row.models_json)) as string[],
    limits: JSON.parse(String(row.limits_json)) as ApiKeyRecord['limits'],
    budget: row.budget_json === null ? null : (JSON.parse(String(row.budget_json)) as ApiKeyRecord['budget']),
    metadata: JSON.parse(String(row.metadata_json)) as Record<string, string>,
    expiresAt: time(row.expires_at),
    createdAt: Number(row.created_at),
    createdBy: String(row.created_by),
    rotatedAt: time(row.rotated_at),
    revokedAt: time(row.revoked_at),
    source: 'api',
  };
}
