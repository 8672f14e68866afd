import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { startEmbeddedPostgres } from '../app/core/embedded-postgres.js';
import { postmasterOf } from './cpu.js';

export interface BenchDatabase {
  url: string;
  /** Whether pg_stat_statements is loaded, so SQL statements can be counted. */
  statementsCounted: boolean;
  version: string;
  /** The server's postmaster when it runs on this machine (for its CPU time), else null. */
  postmasterPid: number | null;
  stop(): Promise<void>;
}

const DATABASE = 'seats_bench';

/**
 * One fresh PostgreSQL for the whole run: BENCH_DATABASE_URL, or an embedded server in a
 * temporary directory (os.tmpdir(), which the `postgres` user can enter when we run as
 * root). The embedded one is started twice: the first start initialises the cluster and
 * sets shared_preload_libraries, which only a restart applies; app/core/embedded-postgres
 * takes no server flags, and this way it needs none.
 */
export async function startBenchDatabase(): Promise<BenchDatabase> {
  if (process.env.BENCH_DATABASE_URL) {
    const url = process.env.BENCH_DATABASE_URL;
    return { url, ...(await prepare(url)), stop: async () => {} };
  }
  const logger = pino({ level: 'silent' });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'seats-bench-'));
  let embedded = await startEmbeddedPostgres({ dataDir, database: DATABASE, logger });
  await query(
    embedded.url,
    "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'",
    // Counting needs every client statement, BEGIN and COMMIT included, and no more.
    "ALTER SYSTEM SET pg_stat_statements.track = 'top'",
    'ALTER SYSTEM SET pg_stat_statements.track_utility = on',
    'ALTER SYSTEM SET pg_stat_statements.max = 10000',
    // Seats, the bare endpoint, pgbench and the bench's own connections at once.
    'ALTER SYSTEM SET max_connections = 300',
  );
  await embedded.stop();
  embedded = await startEmbeddedPostgres({ dataDir, database: DATABASE, logger });
  return {
    url: embedded.url,
    ...(await prepare(embedded.url)),
    async stop() {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function prepare(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let version: string, postmasterPid: number | null;
  try {
    version = String((await client.query('SHOW server_version')).rows[0]?.server_version);
    // A backend's parent is the postmaster (read while this backend is alive); on
    // another machine there is no such process.
    const backend = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    postmasterPid = postmasterOf(backend.rows[0]!.pid);
  } finally {
    await client.end();
  }
  let statementsCounted = true;
  try {
    await query(
      url,
      'CREATE EXTENSION IF NOT EXISTS pg_stat_statements',
      'SELECT 1 FROM pg_stat_statements LIMIT 1',
    );
  } catch {
    statementsCounted = false; // not preloaded on an external server: the SQL row says so
  }
  return { version, statementsCounted, postmasterPid };
}

/** Runs statements one after another on a short-lived connection. */
export async function query(url: string, ...statements: string[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const results: pg.QueryResult[] = [];
    for (const statement of statements) results.push(await client.query(statement));
    return results;
  } finally {
    await client.end();
  }
}

/**
 * A login role of its own for one server process, so pg_stat_statements can tell its
 * statements from everyone else's (the bench itself, the other servers). Superuser, so
 * it needs no grants on a throw-away database. Answers the role's URL and its oid.
 */
export async function roleUrl(url: string, role: string): Promise<{ url: string; oid: number }> {
  const password = `bench-${Math.random().toString(36).slice(2)}`;
  const [, found] = await query(
    url,
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
         CREATE ROLE ${role} LOGIN SUPERUSER;
       END IF;
     END $$`,
    `SELECT oid FROM pg_roles WHERE rolname = '${role}'`,
    `ALTER ROLE ${role} PASSWORD '${password}'`,
  );
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password;
  return { url: parsed.toString(), oid: Number(found!.rows[0].oid) };
}
