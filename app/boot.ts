import type { Config } from './core/config.js';
import { openDatabase, type Database } from './core/database.js';
import type { Logger } from './core/logger.js';
import { migrateAndSeed } from './core/migrator.js';
import { initModels } from './models/index.js';

/**
 * Opens the database (embedded or DATABASE_URL), binds the models and applies pending
 * migrations. A database that was never seeded also gets the demo seeders.
 */
export async function prepareDatabase(config: Config, logger: Logger): Promise<Database> {
  const db = await openDatabase(config, logger);
  try {
    initModels(db.sequelize);
    const { applied, seeded } = await migrateAndSeed(db, logger, { seed: 'if-never-seeded' });
    logger.info({ applied }, `migrations: ${applied.length} applied`);
    if (seeded.length) logger.info({ seeded }, `seeders: ${seeded.length} run`);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
