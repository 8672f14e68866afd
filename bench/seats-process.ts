// Seats itself, in a process of its own, as `npm start` would run it but on the bench's
// database and a free loopback port. The bench passes the environment (bench/processes.ts
// seatsEnv): production mode, silent logs, the app's default pool, and limits raised so
// that a handful of load-generating clients are not refused as hoarders.
import { createSeatsServer } from '../app/app.js';
import { loadConfig } from '../app/core/config.js';
import { createSequelize } from '../app/core/database.js';
import { createLogger } from '../app/core/logger.js';
import { initModels } from '../app/models/index.js';
import { createMethodRegistry } from '../app/registry.js';
import { env, serveBench } from './serve.js';

const config = loadConfig(process.env);
const databaseUrl = config.DATABASE_URL ?? env('DATABASE_URL');
const logger = createLogger(config);
const sequelize = createSequelize(databaseUrl, { poolMax: config.DB_POOL_MAX, logger });
initModels(sequelize);
await sequelize.authenticate();
const seats = createSeatsServer({
  config,
  logger,
  sequelize,
  databaseUrl,
  registry: createMethodRegistry(),
});
serveBench('seats', seats.server, async () => {
  await seats.close();
  await sequelize.close();
});
