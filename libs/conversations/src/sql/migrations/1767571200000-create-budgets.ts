import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { BUDGET_SPEND_TABLE, OWNER_BUDGETS_TABLE } from '../budget-tables';

/**
 * Budgets beside the keys. `latticelm_budget_spend` holds one row per key or owner and period (`total`,
 * `day:2026-01-05`, `month:2026-01`), its spend in integer nano-USD so that additive upserts are exact;
 * `expires_at` lets rows of past periods be deleted. `latticelm_owner_budgets` holds the budgets the admin API set.
 */
export class CreateBudgets1767571200000 implements MigrationInterface {
  name = 'CreateBudgets1767571200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const json = queryRunner.connection.driver.options.type === 'mysql' ? 'longtext' : 'text';
    await queryRunner.createTable(
      new Table({
        name: BUDGET_SPEND_TABLE,
        columns: [
          { name: 'scope', type: 'varchar', length: '8', isPrimary: true },
          { name: 'scope_id', type: 'varchar', length: '255', isPrimary: true },
          { name: 'period', type: 'varchar', length: '16', isPrimary: true },
          { name: 'spend_nano_usd', type: 'bigint' },
          { name: 'expires_at', type: 'bigint', isNullable: true },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: OWNER_BUDGETS_TABLE,
        columns: [
          { name: 'owner', type: 'varchar', length: '255', isPrimary: true },
          { name: 'budget_json', type: json },
          { name: 'updated_at', type: 'bigint' },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(OWNER_BUDGETS_TABLE, true);
    await queryRunner.dropTable(BUDGET_SPEND_TABLE, true);
  }
}
