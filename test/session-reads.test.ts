import assert from 'node:assert/strict';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { statementsDuring } from './support/statements.js';

describe('a signed-in request', () => {
  const app = useTestApp();

  it('reads its user with the session in one query, and writes nothing when nothing changed', async () => {
    const agent = newAgent(app.current);
    const user = await signedInAs(agent);
    await agent.get('/api/auth/me').expect(200);
    const expiry = async () =>
      (
        (await testSequelize().query(
          "SELECT expire FROM sessions WHERE (sess -> 'auth' ->> 'user_id')::int = :id",
          { replacements: { id: user.id }, plain: true },
        )) as { expire: Date }
      ).expire.getTime();
    const before = await expiry();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // The store's own queries go through its pool; the app's through Sequelize.
    const statements = await statementsDuring(async () => {
      const me = await agent.get('/api/auth/me').expect(200);
      assert.equal(me.body.user.id, user.id);
    });
    assert.deepEqual(
      statements.filter((sql) => /\busers\b|\bsessions\b/.test(sql)),
      [],
      'no separate read of the user',
    );
    assert.equal(await expiry(), before, 'the session row is not rewritten on every request');
  });
});
