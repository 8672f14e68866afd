import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createSeatsServer } from '../app/app.js';
import { loadConfig } from '../app/core/config.js';
import { createSequelize } from '../app/core/database.js';
import { startEmbeddedPostgres } from '../app/core/embedded-postgres.js';
import { createMethodRegistry } from '../app/registry.js';
import { initModels } from '../app/models/index.js';
import { TEST_SECRET_KEY } from '../test/support/secrets.js';

/**
 * A Seats server for a benchmark, on a temporary embedded PostgreSQL (or
 * BENCH_DATABASE_URL), listening on a free loopback port, with logging off.
 */
export async function startBenchServer() {
  const logger = pino({ level: 'silent' });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'seats-bench-'));
  const database = process.env.BENCH_DATABASE_URL
    ? { url: process.env.BENCH_DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres({ dataDir, database: 'seats_bench', logger });
  const sequelize = createSequelize(database.url, { poolMax: 5 });
  initModels(sequelize);
  const config = loadConfig({
    // The test kit's key, so users built by its factories can sign in here.
    SECRET_KEY: TEST_SECRET_KEY,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    SOCKET_MESSAGES_PER_SECOND: '1000000',
    // One buyer holding hundreds of times a minute would be hoarding; the counters still
    // run (and cost what they cost), they just never refuse.
    HOLD_ATTEMPTS_PER_MINUTE: '1000000',
    HOLD_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '1000000',
  });
  const seats = createSeatsServer({
    config,
    logger,
    sequelize,
    databaseUrl: database.url,
    registry: createMethodRegistry(),
  });
  await new Promise<void>((resolve) => seats.server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(seats.server.address() as AddressInfo).port}`,
    sequelize,
    logger,
    async close() {
      await seats.close();
      await sequelize.close();
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
