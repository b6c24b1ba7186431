import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { API_KEYS_TABLE } from '../api-keys-table';

/**
 * API keys, beside the responses in the same database so one connection and one migration history serve both.
 * Only the secrets' SHA-256 hashes are stored; each is indexed, since a request is looked up by the hash.
 */
export class CreateApiKeys1767398400000 implements MigrationInterface {
  name = 'CreateApiKeys1767398400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const json = queryRunner.connection.driver.options.type === 'mysql' ? 'longtext' : 'text';
    await queryRunner.createTable(
      new Table({
        name: API_KEYS_TABLE,
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'owner', type: 'varchar', length: '255' },
          { name: 'secret_hash', type: 'varchar', length: '64' },
          { name: 'secret_hint', type: 'varchar', length: '8' },
          { name: 'previous_secret_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'previous_expires_at', type: 'bigint', isNullable: true },
          { name: 'models_json', type: json },
          { name: 'limits_json', type: json },
          { name: 'budget_json', type: json, isNullable: true },
          { name: 'metadata_json', type: json },
          { name: 'expires_at', type: 'bigint', isNullable: true },
          { name: 'created_at', type: 'bigint' },
          { name: 'created_by', type: 'varchar', length: '255' },
          { name: 'rotated_at', type: 'bigint', isNullable: true },
          { name: 'revoked_at', type: 'bigint', isNullable: true },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(API_KEYS_TABLE, new TableIndex({ name: 'idx_latticelm_api_keys_secret_hash', columnNames: ['secret_hash'], isUnique: true }));
    await queryRunner.createIndex(API_KEYS_TABLE, new TableIndex({ name: 'idx_latticelm_api_keys_previous_hash', columnNames: ['previous_secret_hash'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(API_KEYS_TABLE, true);
  }
}
