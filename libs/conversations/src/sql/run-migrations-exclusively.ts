import type { DataSource } from 'typeorm';

/** Any constant shared by every replica: the advisory lock's name. */
const MIGRATION_LOCK_ID = 7_215_404_911;
const MYSQL_LOCK_NAME = 'latticelm_migrations';
const MYSQL_LOCK_WAIT_SECONDS = 60;

/**
 * Runs the migrations while holding a database-wide lock, so replicas starting together on a fresh database do
 * not both try to create the table (PostgreSQL advisory lock, MySQL GET_LOCK; SQLite is one process's file).
 * The lock lives on one connection, so it is taken and released through a dedicated query runner.
 */
export async function runMigrationsExclusively(dataSource: DataSource): Promise<void> {
  const type = dataSource.options.type;
  if (type !== 'postgres' && type !== 'mysql' && type !== 'mariadb') {
    await dataSource.runMigrations();
    return;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    if (type === 'postgres') await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    else {
      const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [MYSQL_LOCK_NAME, MYSQL_LOCK_WAIT_SECONDS])) as { acquired: number }[];
      if (Number(row?.acquired) !== 1) throw new Error(`could not take the migration lock within ${MYSQL_LOCK_WAIT_SECONDS}s`);
    }
    try {
      await dataSource.runMigrations();
    } finally {
      if (type === 'postgres') await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
      else await runner.query('SELECT RELEASE_LOCK(?)', [MYSQL_LOCK_NAME]);
    }
  } finally {
    await runner.release();
  }
}
