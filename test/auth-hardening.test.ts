import assert from 'node:assert/strict';
import { User } from '../app/models/index.js';
import { safeNext } from '../app/controllers/pages/forms.js';
import { useTestApp } from './support/app.js';
import {
  ageSessions,
  newAgent,
  outsideReauthWindow,
  sessionCookie,
  signedInAs,
  signUp,
  signInAs,
} from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildUser, codeFor } from './support/factories.js';
import { request, useSockets } from './support/socket.js';

describe('accounts under attack', () => {
  const app = useTestApp({ env: { SOCKET_MESSAGES_PER_SECOND: '1000' } });
  const connect = useSockets(app);
  let clients = 0;
  const client = () => newAgent(app.current).set('X-Forwarded-For', `192.0.2.${++clients}`);

  it('accepts one of two concurrent sign-ins with the same code', async () => {
    const user = await buildUser();
    const code = codeFor(user);
    const results = await Promise.all(
      [client(), client(), client()].map((agent) =>
        agent.post('/api/auth/verify').send({ username: user.username, code }),
      ),
    );
    assert.deepEqual(results.map((res) => res.status).sort(), [200, 401, 401]);
  });

  it('counts concurrent wrong guesses before checking them, so no more than five are tried', async () => {
    const user = await buildUser();
    const wrong = codeFor(user) === '000000' ? '111111' : '000000';
    const results = await Promise.all(
      Array.from({ length: 15 }, () =>
        client().post('/api/auth/verify').send({ username: user.username, code: wrong }),
      ),
    );
    assert.equal(results.filter((res) => res.status === 401).length, 5);
    assert.equal(results.filter((res) => res.status === 429).length, 10);
  });

  it('makes exactly one first admin when two set-ups finish at once', async () => {
    await testSequelize().query("UPDATE users SET role = 'customer' WHERE role = 'admin'");
    const [a, b] = [client(), client()];
    const setup_token = app.current.setupToken.value;
    const [startA, startB] = await Promise.all([
      a.post('/api/setup').send({ username: 'boss_a', setup_token }),
      b.post('/api/setup').send({ username: 'boss_b', setup_token }),
    ]);
    const results = await Promise.all([
      a
        .post('/api/setup/verify')
        .send({ username: 'boss_a', code: codeFor(startA.body.secret), setup_token }),
      b
        .post('/api/setup/verify')
        .send({ username: 'boss_b', code: codeFor(startB.body.secret), setup_token }),
    ]);
    assert.deepEqual(results.map((res) => res.status).sort(), [200, 404]);
    assert.equal(await User.count({ where: { role: 'admin' } }), 1);
  });

  it('lets the owner of a locked username recover and move to a new authenticator', async () => {
    const agent = client();
    const { recovery_codes } = await signUp(agent, 'under_siege');
    for (let i = 0; i < 6; i++) {
      await client().post('/api/auth/verify').send({ username: 'under_siege', code: '000000' });
    }
    const owner = client();
    await owner
      .post('/api/auth/recover')
      .send({ username: 'under_siege', recovery_code: recovery_codes[0] })
      .expect(200);
    const begin = await owner.post('/api/auth/authenticator').send({}).expect(200);
    await owner
      .post('/api/auth/authenticator/verify')
      .send({ code: codeFor(begin.body.secret) })
      .expect(200);
  });

  it('will not swap the authenticator for a stolen token, or for a session without a fresh code', async () => {
    const agent = client();
    const user = await signedInAs(agent);
    const { body } = await agent.post('/api/tokens').send({ name: 'stolen' }).expect(201);
    const thief = app.current
      .http()
      .post('/api/auth/authenticator')
      .set('Authorization', `Bearer ${body.secret}`);
    const refused = await thief.send({ code: codeFor(user, -1) }).expect(403);
    assert.deepEqual(refused.body.details, { needs: 'session' });
    await outsideReauthWindow(user.id);
    const stale = await agent.post('/api/auth/authenticator').send({}).expect(403);
    assert.equal(stale.body.error, 'REAUTHENTICATION_REQUIRED');
    await agent.post('/api/auth/authenticator').send({ code: '000000' }).expect(401);
    await agent
      .post('/api/auth/authenticator')
      .send({ code: codeFor(user, -1) })
      .expect(200);
  });

  it('signs in again normally after a session timed out', async () => {
    const agent = client();
    const staff = await signedInAs(agent, 'staff');
    await ageSessions(staff.id, 'last_seen_at', 40 * 60 * 1000);
    await agent.get('/login').expect(200);
    await agent
      .post('/api/auth/verify')
      .send({ username: staff.username, code: codeFor(staff, -1) })
      .expect(200);
    await agent.get('/api/auth/sessions').expect(200);
  });

  it('ends a socket whose session timed out, and shows a demoted admin’s socket its new role', async () => {
    const agent = client();
    const admin = await signedInAs(agent, 'admin');
    await buildUser({ role: 'admin' });
    const socket = await connect({ cookie: sessionCookie(agent) });
    assert.equal((await request(socket, 'users.search', {})).error, undefined);
    await testSequelize().query("UPDATE users SET role = 'customer' WHERE id = :id", {
      replacements: { id: admin.id },
    });
    assert.equal((await request(socket, 'users.search', {})).error, 'FORBIDDEN');

    const staffAgent = client();
    const staff = await signedInAs(staffAgent, 'staff');
    const staffSocket = await connect({ cookie: sessionCookie(staffAgent) });
    await ageSessions(staff.id, 'last_seen_at', 40 * 60 * 1000);
    assert.equal((await request(staffSocket, 'auth.me')).error, 'UNAUTHENTICATED');
  });

  it('takes a socket client’s address through the trusted proxy', async () => {
    const noisy = await connect({ headers: { 'x-forwarded-for': '192.0.2.200' } });
    for (let i = 0; i < 20; i++) {
      await request(noisy, 'auth.verify', { username: `nobody_${i}`, code: '123456' });
    }
    assert.equal(
      (await request(noisy, 'auth.verify', { username: 'nobody_x', code: '123456' })).error,
      'TOO_MANY_ATTEMPTS',
    );
    const other = await connect({ headers: { 'x-forwarded-for': '192.0.2.201' } });
    assert.equal(
      (await request(other, 'auth.verify', { username: 'nobody_y', code: '123456' })).error,
      'INVALID_CODE',
    );
  });

  it('signs out everywhere else', async () => {
    const user = await buildUser();
    const [laptop, phone, tablet] = [client(), client(), client()];
    await signInAs(laptop, user);
    await signInAs(phone, user, 1);
    const ended = await laptop.delete('/api/auth/sessions').expect(200);
    assert.equal(ended.body.ended.length, 1);
    await phone.get('/api/auth/sessions').expect(401);
    await laptop.get('/api/auth/sessions').expect(200);
    await tablet.get('/api/auth/sessions').expect(401);
  });

  it('never redirects to another site after sign-in', () => {
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'https://evil.example',
      'evil',
    ]) {
      assert.equal(safeNext(bad), '/account', JSON.stringify(bad));
    }
    assert.equal(safeNext('/events/12?seat=4#map'), '/events/12?seat=4#map');
  });

  it('refuses a JSON-route write without application/json, even with no body', async () => {
    const agent = client();
    await signedInAs(agent);
    await agent.post('/api/auth/logout').set('Content-Type', 'text/plain').expect(415);
    await agent.get('/api/auth/sessions').expect(200);
  });
});
