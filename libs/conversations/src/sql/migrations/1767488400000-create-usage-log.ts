import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';
import { USAGE_DAILY_TABLE, USAGE_RECORDS_TABLE, USAGE_STATE_TABLE } from '../usage-tables';

/**
 * The usage log: one row per request (kept for `usage_log.retention`), one per day × key × owner × model × provider
 * after that (kept for `usage_log.rollup_retention`), and the roll-up's state. Absent key, model or provider are
 * '' rather than NULL, so that they take part in the daily table's primary key.
 */
export class CreateUsageLog1767488400000 implements MigrationInterface {
  name = 'CreateUsageLog1767488400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const type = queryRunner.connection.driver.options.type;
    const double = type === 'postgres' ? 'double precision' : type === 'mysql' ? 'double' : 'real';
    // MySQL's TEXT holds 64 KiB: too little for a long prompt (usage_log.prompt_max_chars, up to 100,000)
    const text = type === 'mysql' ? 'longtext' : 'text';
    const tokens = (type: 'integer' | 'bigint'): TableColumnOptions[] =>
      ['input_tokens', 'cached_tokens', 'cache_write_tokens', 'output_tokens', 'reasoning_tokens'].map((name) => ({ name, type, default: 0 }));
    await queryRunner.createTable(
      new Table({
        name: USAGE_RECORDS_TABLE,
        columns: [
          // SQLite makes only an INTEGER PRIMARY KEY autoincrement (a 64-bit rowid)
          { name: 'id', type: type === 'sqlite' ? 'integer' : 'bigint', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'at', type: 'bigint' },
          { name: 'day', type: 'integer' },
          { name: 'hour', type: 'integer' },
          { name: 'request_id', type: 'varchar', length: '128' },
          { name: 'key_id', type: 'varchar', length: '64', default: "''" },
          { name: 'key_name', type: 'varchar', length: '255', default: "''" },
          { name: 'owner', type: 'varchar', length: '255' },
          { name: 'model', type: 'varchar', length: '128', default: "''" },
          { name: 'provider', type: 'varchar', length: '64', default: "''" },
          { name: 'route', type: 'varchar', length: '64' },
          { name: 'status', type: 'integer' },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'stream', type: 'smallint' },
          ...tokens('integer'),
          { name: 'cost_usd', type: double, isNullable: true },
          { name: 'latency_ms', type: double },
          { name: 'ttft_ms', type: double, isNullable: true },
          { name: 'latency_bucket', type: 'smallint' },
          { name: 'ttft_bucket', type: 'smallint', isNullable: true },
          { name: 'cache_hit', type: 'smallint', isNullable: true },
          { name: 'prompt', type: text, isNullable: true },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(USAGE_RECORDS_TABLE, new TableIndex({ name: 'idx_latticelm_usage_records_at', columnNames: ['at'] }));
    await queryRunner.createIndex(USAGE_RECORDS_TABLE, new TableIndex({ name: 'idx_latticelm_usage_records_day', columnNames: ['day'] }));
    await queryRunner.createTable(
      new Table({
        name: USAGE_DAILY_TABLE,
        columns: [
          { name: 'day', type: 'integer', isPrimary: true },
          { name: 'key_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'owner', type: 'varchar', length: '255', isPrimary: true },
          { name: 'model', type: 'varchar', length: '128', isPrimary: true },
          { name: 'provider', type: 'varchar', length: '64', isPrimary: true },
          { name: 'key_name', type: 'varchar', length: '255', default: "''" },
          { name: 'requests', type: 'bigint' },
          { name: 'errors', type: 'bigint' },
          ...tokens('bigint'),
          { name: 'cost_usd', type: double },
          { name: 'unpriced', type: 'bigint' },
          { name: 'latency_ms_sum', type: double },
          { name: 'ttft_count', type: 'bigint' },
          { name: 'ttft_ms_sum', type: double },
          { name: 'latency_histogram', type: text },
          { name: 'ttft_histogram', type: text },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: USAGE_STATE_TABLE,
        columns: [
          { name: 'name', type: 'varchar', length: '32', isPrimary: true },
          { name: 'rolled_before', type: 'integer' },
          { name: 'lease_until', type: 'bigint' },
        ],
      }),
      true,
    );
    const quote = (name: string) => queryRunner.connection.driver.escape(name);
    await queryRunner.query(`INSERT INTO ${quote(USAGE_STATE_TABLE)} (${quote('name')}, ${quote('rolled_before')}, ${quote('lease_until')}) VALUES ('rollup', 0, 0)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(USAGE_STATE_TABLE, true);
    await queryRunner.dropTable(USAGE_DAILY_TABLE, true);
    await queryRunner.dropTable(USAGE_RECORDS_TABLE, true);
  }
}
