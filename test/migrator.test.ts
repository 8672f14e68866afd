import assert from 'node:assert/strict';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { createSequelize } from '../app/core/database.js';
import { migrate, migrateAndSeed, seed, withMigrationLock } from '../app/core/migrator.js';
import { resetDatabase, testDatabaseUrl, testSequelize } from './support/db.js';
import { silentLogger } from './support/logger.js';
import { createScratchDatabase } from './support/test-database.js';

const FIXTURE_SEEDERS = path.resolve('test/fixtures/seeders');

describe('migrations and seeders', () => {
  before(resetDatabase);

  it('records applied migrations in the migrations table and applies each once', async () => {
    const db = testSequelize();
    const [rows] = await db.query('SELECT name FROM migrations ORDER BY name');
    assert.ok(
      (rows as Array<{ name: string }>).some((row) => row.name === '20261121-0001-create-users'),
    );
    assert.deepEqual(await migrate(db, silentLogger()), []);
  });

  it('runs each seeder once and records it in the seeders table', async () => {
    const db = testSequelize();
    assert.deepEqual(await seed(db, silentLogger(), FIXTURE_SEEDERS), ['0001-demo-user']);
    assert.deepEqual(await seed(db, silentLogger(), FIXTURE_SEEDERS), []);
    const [users] = await db.query("SELECT role FROM users WHERE username = 'demo_organizer'");
    assert.deepEqual(users, [{ role: 'organizer' }]);
    await db.query("DELETE FROM seeders WHERE name = '0001-demo-user'");
  });

  it('says so when the migration lock’s connection is lost, and does not crash', async () => {
    const work = withMigrationLock(testDatabaseUrl(), async () => {
      await testSequelize().query(
        `SELECT pg_terminate_backend(pid) FROM pg_locks
          WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      return 'migrated';
    });
    await assert.rejects(work, /migration lock's connection was lost/);
  });

  describe('on a new database', () => {
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
    const connections: Sequelize[] = [];
    const connect = () => {
      const sequelize = createSequelize(scratch.url, { poolMax: 2 });
      connections.push(sequelize);
      return { sequelize, url: scratch.url };
    };
    beforeEach(async () => {
      scratch = await createScratchDatabase();
    });
    afterEach(async () => {
      for (const sequelize of connections.splice(0)) await sequelize.close();
      await scratch.drop();
    });

    it('lets processes that start together migrate one at a time', async () => {
      const results = await Promise.all(
        [connect(), connect(), connect()].map((db) =>
          migrateAndSeed(db, silentLogger(), { seed: 'never' }),
        ),
      );
      const applied = results.map((result) => result.applied.length).sort();
      assert.deepEqual(applied.slice(0, 2), [0, 0], 'only one of them applies the migrations');
      assert.ok(applied[2]! > 0);
    });

    it('seeds a never-seeded database at start-up, even when migrations ran before', async () => {
      const db = connect();
      await migrateAndSeed(db, silentLogger(), { seed: 'never', seedersDir: FIXTURE_SEEDERS });
      const start = () =>
        migrateAndSeed(db, silentLogger(), {
          seed: 'if-never-seeded',
          seedersDir: FIXTURE_SEEDERS,
        });
      assert.deepEqual((await start()).seeded, ['0001-demo-user']);
      assert.deepEqual((await start()).seeded, [], 'seeded once');
    });
  });
});
