import type { AddressInfo } from 'node:net';
import { createSeatsServer, type SeatsServer } from './app.js';
import { prepareDatabase } from './boot.js';
import { ConfigError, loadConfig, loadDotEnv } from './core/config.js';
import { createLogger } from './core/logger.js';
import { exitOnSignals } from './core/shutdown.js';
import { hasAdmin } from './models/first-admin.js';
import { createMethodRegistry } from './registry.js';

loadDotEnv();
let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const logger = createLogger(config);
const registry = createMethodRegistry();
let seats: SeatsServer | undefined;

// Signal handlers come first: a stop during migrations still waits for the database
// to be open, then closes it, rather than leaving the embedded server behind.
const database = prepareDatabase(config, logger);
// The drain's grace period comes before the shutdown's own time limit.
const stop = exitOnSignals(
  logger,
  config.SHUTDOWN_GRACE_MS + config.SHUTDOWN_TIMEOUT_MS,
  async () => {
    if (seats) {
      await seats.close();
      logger.info('http and sockets closed');
    }
    const db = await database.catch(() => undefined);
    if (db) {
      await db.close();
      logger.info('database closed');
    }
  },
);
process.on('unhandledRejection', (error) => {
  logger.fatal({ err: error }, 'unhandled promise rejection');
  stop('unhandledRejection', 1);
});
process.on('uncaughtException', (error) => {
  logger.fatal({ err: error }, 'uncaught exception');
  stop('uncaughtException', 1);
});

const db = await database.catch((error: unknown) => {
  // A setup the person starting Seats can fix gets a plain message, not a log line.
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else logger.fatal({ err: error }, 'could not open the database');
  return stop('database failed', 1);
});
if (db && !stop.stopping) {
  seats = createSeatsServer({
    config,
    logger,
    sequelize: db.sequelize,
    databaseUrl: db.url,
    registry,
  });
  seats.server.once('error', (error) => {
    logger.fatal({ err: error }, 'could not listen');
    stop('listen failed', 1);
  });
  seats.server.listen(config.PORT, config.HOST, () => {
    const { port } = seats!.server.address() as AddressInfo;
    logger.info(
      { port, host: config.HOST, database: db.kind },
      `Seats is listening on http://localhost:${port}`,
    );
    // With PORT=0 the default PUBLIC_URL cannot know the port that was picked.
    void printSetupAddress(
      seats!,
      config.PORT === 0 ? `http://localhost:${port}` : config.PUBLIC_URL,
    );
  });
}

/**
 * On a database with no admin, the one line a newcomer needs: where to make the first
 * one. The token in it is fresh at each start and lives only in this process.
 */
async function printSetupAddress(server: SeatsServer, publicUrl: string) {
  try {
    if (await hasAdmin()) return;
    const url = new URL('/setup', publicUrl);
    url.searchParams.set('token', server.setupToken.value);
    logger.warn({ setup: true }, `No administrator yet: open ${url.href} to make the first one`);
  } catch (error) {
    logger.error({ err: error }, 'could not check for an administrator');
  }
}
