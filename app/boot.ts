import type { Config } from './core/config.js';
import { openDatabase, type Database } from './core/database.js';
import type { Logger } from './core/logger.js';
import { migrate, seed } from './core/migrator.js';
import { initModels } from './models/index.js';

/**
 * Opens the database (embedded or DATABASE_URL), binds the models and applies pending
 * migrations. A database that had never been migrated also gets the demo seeders.
 */
export async function prepareDatabase(config: Config, logger: Logger): Promise<Database> {
  const db = await openDatabase(config, logger);
  try {
    initModels(db.sequelize);
    const { fresh, applied } = await migrate(db.sequelize, logger);
    logger.info({ applied }, `migrations: ${applied.length} applied`);
    if (fresh) {
      const seeded = await seed(db.sequelize, logger);
      logger.info({ seeded }, `new database: ${seeded.length} seeders run`);
    }
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
