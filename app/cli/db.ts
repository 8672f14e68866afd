import { ConfigError, loadConfig, loadDotEnv } from '../core/config.js';
import { openDatabase } from '../core/database.js';
import { createLogger } from '../core/logger.js';
import { migrate, seed } from '../core/migrator.js';
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
    const { applied } = await migrate(db.sequelize, logger);
    console.log(`migrations applied: ${applied.length ? applied.join(', ') : 'none pending'}`);
    if (command === 'seed') {
      const ran = await seed(db.sequelize, logger);
      console.log(`seeders run: ${ran.length ? ran.join(', ') : 'none pending'}`);
    }
  } finally {
    await db.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
