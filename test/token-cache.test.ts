import assert from 'node:assert/strict';
import { ApiToken } from '../app/models/index.js';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { statementsDuring } from './support/statements.js';

// Bearer tokens are looked up once per 5 s per process; what the app itself changes
// about a token or its owner counts on the very next request.
describe('bearer tokens from cache', () => {
  const app = useTestApp();
  const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });

  async function tokenFor(role: 'customer' | 'admin' = 'customer') {
    const agent = newAgent(app.current);
    const user = await signedInAs(agent, role);
    const res = await agent
      .post('/api/tokens')
      .send({ name: 'script', scopes: role === 'admin' ? ['read', 'admin'] : ['read'] })
      .expect(201);
    return { agent, user, secret: res.body.secret as string, id: res.body.token.id as number };
  }

  it('reads a token once, then answers its requests without a query for it', async () => {
    const { secret } = await tokenFor();
    const me = () => app.current.http().get('/api/auth/me').set(bearer(secret)).expect(200);
    await me();
    const statements = await statementsDuring(me);
    assert.deepEqual(
      statements.filter((sql) => /\bapi_tokens\b|\busers\b/.test(sql)),
      [],
      statements.join('\n'),
    );
  });

  it('stops a cached token at once when it is revoked, or its owner loses a role', async () => {
    const customer = await tokenFor();
    await app.current.http().get('/api/auth/me').set(bearer(customer.secret)).expect(200);
    await customer.agent.delete(`/api/tokens/${customer.id}`).expect(200);
    await app.current.http().get('/api/auth/me').set(bearer(customer.secret)).expect(401);

    const admin = await tokenFor('admin');
    await app.current.http().get('/api/users').set(bearer(admin.secret)).expect(200);
    const other = newAgent(app.current);
    await signedInAs(other, 'admin');
    await other.put(`/api/users/${admin.user.id}/role`).send({ role: 'customer' }).expect(200);
    const demoted = await app.current.http().get('/api/users').set(bearer(admin.secret));
    assert.equal(demoted.status, 403, demoted.text);
  });

  it('stops a cached token the moment it expires', async () => {
    const { user, secret } = await tokenFor();
    await testSequelize().query(
      "UPDATE api_tokens SET expires_at = now() + interval '1 second' WHERE user_id = :id",
      { replacements: { id: user.id } },
    );
    await app.current.http().get('/api/auth/me').set(bearer(secret)).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await app.current.http().get('/api/auth/me').set(bearer(secret)).expect(401);
  });

  it('does not keep a lookup that read the token before it was revoked', async () => {
    const { agent, secret, id } = await tokenFor();
    // The app's lookup reads the row, then waits here while the token is revoked.
    let reached!: () => void;
    const lookedUp = new Promise<void>((resolve) => (reached = resolve));
    let go!: () => void;
    const revoked = new Promise<void>((resolve) => (go = resolve));
    const hook = async () => {
      ApiToken.removeHook('afterFind', 'hold-after-read');
      reached();
      await revoked;
    };
    ApiToken.addHook('afterFind', 'hold-after-read', hook);
    const slow = app.current.http().get('/api/auth/me').set(bearer(secret));
    const answered = slow.then((res) => res.status);
    await lookedUp;
    await agent.delete(`/api/tokens/${id}`).expect(200);
    go();
    assert.equal(await answered, 200, 'the request that looked first is answered as it began');
    await app.current.http().get('/api/auth/me').set(bearer(secret)).expect(401);
  });
});
