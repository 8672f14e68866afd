import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { startEmbeddedPostgres } from '../../app/core/embedded-postgres.js';

export interface TestDatabase {
  url: string;
  description: string;
  stop(): Promise<void>;
}

/**
 * A throw-away PostgreSQL database for one test run: a fresh database on the server of
 * TEST_DATABASE_URL when it is set, else an embedded server in a temporary directory.
 */
export async function startTestDatabase(): Promise<TestDatabase> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    const database = await createDatabaseOn(external, 'seats_test');
    return {
      url: database.url,
      description: `database ${database.name} on TEST_DATABASE_URL`,
      stop: database.drop,
    };
  }

  const dataDir = await mkdtemp(path.join(tmpdir(), 'seats-test-'));
  const embedded = await startEmbeddedPostgres({
    dataDir,
    database: 'seats_test',
    logger: pino({ level: 'silent' }),
  });
  return {
    url: embedded.url,
    description: `embedded PostgreSQL in ${dataDir}`,
    async stop() {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new database named `<prefix>_<random>` on the server of `serverUrl`, and how to drop it. */
async function createDatabaseOn(serverUrl: string, prefix: string) {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A new empty database on the run's test server, for tests that need a fresh one. */
export function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.SEATS_TEST_DATABASE_URL;
  if (!serverUrl)
    throw new Error('The test database is not running (test/support/global-setup.ts)');
  return createDatabaseOn(serverUrl, 'seats_scratch');
}
