import { ConfigError, loadConfig, loadDotEnv } from '../core/config.js';
import { openDatabase } from '../core/database.js';
import { createLogger } from '../core/logger.js';
import { migrateAndSeed } from '../core/migrator.js';
import { initModels } from '../models/index.js';

// `npm run db:migrate` applies pending migrations; `npm run db:seed` also runs the
// seeders that have not run yet. Both use DATABASE_URL or the embedded database.
const command = process.argv[2];
if (command !== 'migrate' && command !== 'seed') {
  console.error('usage: db.ts migrate|seed');
  process.exit(2);
}

loadDotEnv();
try {
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openDatabase(config, logger);
  try {
    initModels(db.sequelize);
    const { applied, seeded } = await migrateAndSeed(db, logger, {
      seed: command === 'seed' ? 'always' : 'never',
    });
    console.log(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`);
    if (command === 'seed')
      console.log(`seeders run: ${seeded.length ? seeded.join(', ') : 'none pending'}`);
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
