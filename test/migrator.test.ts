import assert from 'node:assert/strict';
import path from 'node:path';
import { migrate, seed } from '../app/core/migrator.js';
import { resetDatabase, testSequelize } from './support/db.js';
import { silentLogger } from './support/logger.js';

describe('migrations and seeders', () => {
  before(resetDatabase);

  it('records applied migrations in the migrations table and applies each once', async () => {
    const db = testSequelize();
    const [rows] = await db.query('SELECT name FROM migrations ORDER BY name');
    assert.ok(
      (rows as Array<{ name: string }>).some((row) => row.name === '20261121-0001-create-users'),
    );
    const again = await migrate(db, silentLogger());
    assert.deepEqual(again, { fresh: false, applied: [] });
  });

  it('runs each seeder once and records it in the seeders table', async () => {
    const db = testSequelize();
    const dir = path.resolve('test/fixtures/seeders');
    assert.deepEqual(await seed(db, silentLogger(), dir), ['0001-demo-user']);
    assert.deepEqual(await seed(db, silentLogger(), dir), []);
    const [users] = await db.query("SELECT role FROM users WHERE username = 'demo_organizer'");
    assert.deepEqual(users, [{ role: 'organizer' }]);
    await db.query("DELETE FROM seeders WHERE name = '0001-demo-user'");
  });
});
