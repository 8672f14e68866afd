import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, symlink, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import pg from 'pg';
import { ConfigError } from '../app/core/config.js';
import {
  assertReachableByPostgres,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from '../app/core/embedded-postgres.js';
import { silentLogger } from './support/logger.js';
import { useTempDir } from './support/temp-dir.js';

const start = (dataDir: string) =>
  startEmbeddedPostgres({ dataDir, database: 'seats', logger: silentLogger() });

function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

/** Field 5 of /proc/<pid>/stat: the process group. */
function processGroup(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

async function query(db: EmbeddedDatabase, sql: string) {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', function () {
  this.timeout(60_000);
  const tmp = useTempDir('seats-embedded', { each: true });

  it('runs in its own process group, so Ctrl-C in a terminal reaches only Node', async () => {
    const db = await start(tmp.path);
    try {
      const pid = postmasterPid(tmp.path)!;
      assert.notEqual(processGroup(pid), processGroup(process.pid));
      assert.deepEqual(await query(db, 'SELECT 1 AS ok'), [{ ok: 1 }]);
    } finally {
      await db.stop();
    }
    assert.equal(postmasterPid(tmp.path), undefined, 'stopped');
  });

  it('is shared by a second process and stopped by the last one to leave', async () => {
    const first = await start(tmp.path);
    const second = await start(tmp.path);
    assert.equal(second.port, first.port);
    await first.stop();
    assert.deepEqual(
      await query(second, 'SELECT 2 AS ok'),
      [{ ok: 2 }],
      'still serving the other user',
    );
    await second.stop();
    assert.equal(postmasterPid(tmp.path), undefined);
  });

  it('takes over a server left running by a process that was killed', async () => {
    const script = `import { startEmbeddedPostgres } from './app/core/embedded-postgres.ts';
      import { pino } from 'pino';
      const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(tmp.path)}, database: 'seats', logger: pino({ level: 'silent' }) });
      console.log(db.port);`;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const port = Number(
      await new Promise<string>((resolve, reject) => {
        child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString()));
        child.once('exit', (code) => reject(new Error(`the first process exited early (${code})`)));
      }),
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const db = await start(tmp.path);
    assert.equal(db.port, port, 'the orphaned server is used, not a second one');
    await db.stop();
    assert.equal(postmasterPid(tmp.path), undefined);
  });

  it('ignores a stale lock file whose pid now belongs to another process', async () => {
    const first = await start(tmp.path);
    await first.stop();
    const bystander = spawn('sleep', ['30']);
    try {
      await writeFile(
        path.join(tmp.path, 'postgres', 'postmaster.pid'),
        `${bystander.pid}\n${tmp.path}/postgres\n0\n5432\n`,
      );
      const db = await start(tmp.path);
      await db.stop();
      assert.equal(bystander.exitCode, null, 'the unrelated process was left alone');
      assert.equal(bystander.signalCode, null);
    } finally {
      bystander.kill();
    }
  });

  it('says why when PostgreSQL refuses to start', async () => {
    const first = await start(tmp.path);
    await first.stop();
    await appendFile(
      path.join(tmp.path, 'postgres', 'postgresql.conf'),
      '\nshared_buffers = lots\n',
    );
    await assert.rejects(start(tmp.path), /did not start[\s\S]*shared_buffers/);
  });

  if (process.getuid?.() === 0) {
    it('as root, names a parent directory the postgres user cannot enter', async () => {
      const locked = path.join(tmp.path, 'locked');
      await mkdir(path.join(locked, 'inner'), { recursive: true });
      await chmod(locked, 0o700);
      await assert.rejects(
        start(path.join(locked, 'inner')),
        new RegExp(`cannot enter ${locked} \\(mode 700\\)`),
      );
    });

    it('as root, in a clone under a closed home (/root is 0700), says how to start, not DATA_DIR', async () => {
      // What the check sees for a clone in /root/seats: PostgreSQL's binaries in its
      // node_modules, out of the postgres user's reach whatever DATA_DIR says.
      const home = path.join(tmp.path, 'root');
      const binaries = path.join(home, 'seats', 'node_modules', 'pg', 'bin');
      const data = path.join(tmp.path, 'data');
      await chmod(tmp.path, 0o755); // mkdtemp's own 0700 is not what is tested
      await mkdir(binaries, { recursive: true });
      await mkdir(data);
      await chmod(home, 0o700);
      await assert.rejects(assertReachableByPostgres(data, binaries), (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, new RegExp(`cannot enter ${home} \\(mode 700\\)`));
        assert.match(error.message, /git clone into \/srv\/seats/);
        assert.match(error.message, /as a user other than root/);
        assert.match(error.message, new RegExp(`chmod o\\+x ${home}`));
        assert.doesNotMatch(error.message, /DATA_DIR/, 'DATA_DIR cannot help here');
        return true;
      });
      await chmod(home, 0o755);
      await assertReachableByPostgres(data, binaries);
    });

    it('as root, follows a symlinked DATA_DIR to where it leads, and lets in what postgres owns', async () => {
      await chmod(tmp.path, 0o755);
      const binaries = path.join(tmp.path, 'bin');
      const closed = path.join(tmp.path, 'closed');
      await mkdir(binaries);
      await mkdir(path.join(closed, 'data'), { recursive: true });
      await chmod(closed, 0o700);
      await symlink(path.join(closed, 'data'), path.join(tmp.path, 'link'));
      await assert.rejects(
        assertReachableByPostgres(path.join(tmp.path, 'link'), binaries),
        new RegExp(`cannot enter ${closed} \\(mode 700\\), above DATA_DIR`),
      );
      // A 0700 directory of the postgres user's own is open to it.
      const { stdout } = await promisify(execFile)('id', ['-u', 'postgres']);
      await chown(closed, Number(stdout.trim()), 0);
      await assertReachableByPostgres(path.join(tmp.path, 'link'), binaries);
    });
  }
});
