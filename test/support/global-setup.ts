import { migrate } from '../../app/core/migrator.js';
import { closeTestSequelize, testSequelize } from './db.js';
import { silentLogger } from './logger.js';
import { startTestDatabase, type TestDatabase } from './test-database.js';

let database: TestDatabase | undefined;

// One database for the whole run, migrated once; each test file starts from empty
// tables (see resetDatabase), so files do not see each other's rows.
export async function mochaGlobalSetup() {
  database = await startTestDatabase();
  process.env.SEATS_TEST_DATABASE_URL = database.url;
  console.log(`  test database: ${database.description}`);
  await migrate(testSequelize(), silentLogger());
}

export async function mochaGlobalTeardown() {
  await closeTestSequelize();
  await database?.stop();
}
