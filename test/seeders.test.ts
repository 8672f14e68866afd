import assert from 'node:assert/strict';
import { seed } from '../app/core/migrator.js';
import { resetDatabase, testSequelize } from './support/db.js';
import { silentLogger } from './support/logger.js';

const count = async (sql: string) => {
  const [rows] = await testSequelize().query(sql);
  return (rows as Array<{ n: number }>)[0]!.n;
};

describe('demo seeders', function () {
  this.timeout(60_000);
  before(resetDatabase);
  after(async () => {
    await resetDatabase();
    await testSequelize().query('DELETE FROM seeders');
  });

  it('fill an empty database with a believable box office, and never twice', async () => {
    assert.deepEqual(await seed(testSequelize(), silentLogger()), [
      '20261121-0001-demo-catalog',
      '20261121-0002-demo-coupons',
    ]);
    const [halls] = await testSequelize().query(
      `SELECT h.name, sum(c.capacity)::int AS places FROM halls h JOIN sections c ON c.hall_id = h.id
        GROUP BY h.name ORDER BY h.name`,
    );
    assert.deepEqual(halls, [
      { name: 'Community Room', places: 50 },
      { name: 'Grand Hall', places: 2000 },
      { name: 'Screen 1', places: 120 },
      { name: 'Screen 2', places: 300 },
    ]);
    assert.equal(
      await count(
        "SELECT count(*)::int AS n FROM events WHERE status = 'published' AND starts_at > now()",
      ),
      12,
    );
    assert.equal(
      await count(
        'SELECT count(DISTINCT event_id)::int AS n FROM event_prices WHERE price_cents = 0',
      ),
      3,
      'free meetups',
    );
    assert.equal(
      await count('SELECT count(*)::int AS n FROM event_seats'),
      120 * 2 + 300 * 3 + 1500 * 4,
    );

    await testSequelize().query('DELETE FROM seeders');
    await seed(testSequelize(), silentLogger());
    assert.equal(
      await count('SELECT count(*)::int AS n FROM venues'),
      3,
      'running it again adds nothing',
    );
    assert.equal(await count('SELECT count(*)::int AS n FROM events'), 12);
    assert.equal(await count('SELECT count(*)::int AS n FROM coupons'), 2);
  });
});
