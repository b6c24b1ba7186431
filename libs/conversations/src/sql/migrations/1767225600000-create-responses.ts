import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { RESPONSES_TABLE } from '../stored-response.entity';

/** The responses table with its id, owner and expiry indexes. Written once; later changes get new migrations. */
export class CreateResponses1767225600000 implements MigrationInterface {
  name = 'CreateResponses1767225600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // MySQL's TEXT holds 64 KiB, too little for a long conversation turn; LONGTEXT holds 4 GiB.
    const json = queryRunner.connection.driver.options.type === 'mysql' ? 'longtext' : 'text';
    await queryRunner.createTable(
      new Table({
        name: RESPONSES_TABLE,
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'owner', type: 'varchar', length: '255' },
          { name: 'previous_response_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'model', type: 'varchar', length: '255' },
          { name: 'provider', type: 'varchar', length: '255' },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'input', type: json },
          { name: 'output', type: json },
          { name: 'usage', type: json, isNullable: true },
          { name: 'response', type: json },
          { name: 'created_at', type: 'bigint' },
          { name: 'expires_at', type: 'bigint' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(RESPONSES_TABLE, new TableIndex({ name: 'idx_latticelm_responses_owner', columnNames: ['owner'] }));
    await queryRunner.createIndex(RESPONSES_TABLE, new TableIndex({ name: 'idx_latticelm_responses_expires_at', columnNames: ['expires_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(RESPONSES_TABLE, true);
  }
}
