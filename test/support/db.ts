import type { Sequelize } from 'sequelize';
import { createSequelize } from '../../app/core/database.js';
import { initModels } from '../../app/models/index.js';

let sequelize: Sequelize | undefined;

export function testDatabaseUrl(): string {
  const url = process.env.SEATS_TEST_DATABASE_URL;
  if (!url) throw new Error('The test database is not running (test/support/global-setup.ts)');
  return url;
}

/** The run's Sequelize instance, with the models bound to it. */
export function testSequelize(): Sequelize {
  if (!sequelize) {
    sequelize = createSequelize(testDatabaseUrl(), { poolMax: 20 });
    initModels(sequelize);
  }
  return sequelize;
}

export async function closeTestSequelize(): Promise<void> {
  await sequelize?.close();
  sequelize = undefined;
}

/** Empties every application table (not the migration records) and restarts ids. */
export async function resetDatabase(): Promise<void> {
  const db = testSequelize();
  const [rows] = await db.query(
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'seeders')",
  );
  const tables = (rows as Array<{ tablename: string }>).map((row) => `"${row.tablename}"`);
  if (tables.length) await db.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
}
