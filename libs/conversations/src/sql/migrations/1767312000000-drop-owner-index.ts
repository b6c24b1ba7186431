import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { RESPONSES_TABLE } from '../stored-response.entity';

/**
 * Every read names the id (the primary key) together with the owner, so the owner index served no query; it
 * only made each write update one more b-tree (about a fifth of a SQLite commit's pages).
 */
export class DropOwnerIndex1767312000000 implements MigrationInterface {
  name = 'DropOwnerIndex1767312000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex(RESPONSES_TABLE, 'idx_latticelm_responses_owner');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(RESPONSES_TABLE, new TableIndex({ name: 'idx_latticelm_responses_owner', columnNames: ['owner'] }));
  }
}
