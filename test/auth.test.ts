import assert from 'node:assert/strict';
import { AuditEntry, RecoveryCode, User } from '../app/models/index.js';
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

describe('accounts over JSON', () => {
  const app = useTestApp();
  let clients = 0;
  /** A client with its own cookie jar and its own address (X-Forwarded-For via trust proxy). */
  const client = () => {
    const agent = newAgent(app.current);
    agent.set('X-Forwarded-For', `198.51.100.${++clients}`);
    return agent;
  };

  describe('enrolment and sign-in', () => {
    it('enrols a new name: QR code, secret, first code, ten recovery codes, signed in', async () => {
      const agent = client();
      const start = await agent
        .post('/api/auth/login')
        .send({ username: 'New.Person' })
        .expect(200);
      assert.equal(start.body.status, 'candidate');
      assert.match(start.body.qr_code, /^data:image\/png;base64,/);
      assert.match(
        start.body.otpauth_url,
        /^otpauth:\/\/totp\/Seats:new\.person\?secret=[A-Z2-7]+/,
      );
      assert.match(start.body.secret, /^[A-Z2-7]{32}$/);

      const verify = await agent
        .post('/api/auth/verify')
        .send({ username: 'new.person', code: codeFor(start.body.secret) })
        .expect(200);
      assert.deepEqual(Object.keys(verify.body.user).sort(), ['id', 'role', 'username']);
      assert.equal(verify.body.user.role, 'customer');
      assert.equal(verify.body.recovery_codes.length, 10);
      assert.match(String(verify.headers['set-cookie']), /seats\.sid=.*HttpOnly.*SameSite=Lax/i);

      const me = await agent.get('/api/auth/me').expect(200);
      assert.equal(me.body.user.username, 'new.person');
      const stored = await User.findByUsername('new.person');
      assert.ok(
        stored && !stored.totp_secret.includes(start.body.secret),
        'the secret is encrypted at rest',
      );
      const codes = await RecoveryCode.findAll({ where: { user_id: stored.id } });
      assert.equal(codes.length, 10);
      assert.ok(
        codes.every((row) => row.code_hash.startsWith('$2')),
        'recovery codes are bcrypt hashes',
      );
    });

    it('asks a known name for its code and signs it in', async () => {
      const user = await buildUser();
      const agent = client();
      const start = await agent
        .post('/api/auth/login')
        .send({ username: user.username.toUpperCase() })
        .expect(200);
      assert.deepEqual(start.body, { status: 'user' });
      const verify = await agent
        .post('/api/auth/verify')
        .send({ username: user.username, code: codeFor(user) })
        .expect(200);
      assert.equal(verify.body.user.id, user.id);
      assert.equal(verify.body.recovery_codes, undefined);
    });

    it('refuses bad usernames with a clear field error', async () => {
      const res = await client()
        .post('/api/auth/login')
        .send({ username: 'no spaces!' })
        .expect(400);
      assert.equal(res.body.error, 'VALIDATION_FAILED');
      assert.match(res.body.details.username, /3 to 32 characters/);
    });

    it('accepts a code once: the same code again is INVALID_CODE', async () => {
      const user = await buildUser();
      const code = codeFor(user);
      await client().post('/api/auth/verify').send({ username: user.username, code }).expect(200);
      const again = await client()
        .post('/api/auth/verify')
        .send({ username: user.username, code })
        .expect(401);
      assert.equal(again.body.error, 'INVALID_CODE');
    });

    it('accepts the previous step’s code, and refuses one from two steps ago', async () => {
      const old = await buildUser();
      const stale = await client()
        .post('/api/auth/verify')
        .send({ username: old.username, code: codeFor(old, 2) })
        .expect(401);
      assert.equal(stale.body.error, 'INVALID_CODE');
      const recent = await buildUser();
      await client()
        .post('/api/auth/verify')
        .send({ username: recent.username, code: codeFor(recent, 1) })
        .expect(200);
    });

    it('locks a username for 15 minutes after 5 wrong codes, even for the right code', async () => {
      const user = await buildUser();
      const agent = client();
      const wrong = codeFor(user) === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) {
        const res = await agent
          .post('/api/auth/verify')
          .send({ username: user.username, code: wrong });
        assert.equal(res.status, 401, `attempt ${i + 1}`);
      }
      const sixth = await agent
        .post('/api/auth/verify')
        .send({ username: user.username, code: wrong })
        .expect(429);
      assert.equal(sixth.body.error, 'TOO_MANY_ATTEMPTS');
      assert.ok(sixth.body.details.retry_after_s > 800);
      const right = await client()
        .post('/api/auth/verify')
        .send({ username: user.username, code: codeFor(user) })
        .expect(429);
      assert.equal(right.body.error, 'TOO_MANY_ATTEMPTS', 'from another address too');
      const [rows] = await testSequelize().query(
        "SELECT count(*)::int AS n FROM rate_limits WHERE key LIKE 'totp_fail_user%'",
      );
      assert.ok((rows as Array<{ n: number }>)[0]!.n >= 1, 'the lock is kept in PostgreSQL');
    });

    it('limits wrong codes per address as well', async () => {
      const agent = client();
      for (let i = 0; i < 20; i++) {
        const user = `ghost_${i}`;
        await agent.post('/api/auth/verify').send({ username: user, code: '123456' }).expect(401);
      }
      const next = await agent
        .post('/api/auth/verify')
        .send({ username: 'ghost_x', code: '123456' })
        .expect(429);
      assert.equal(next.body.error, 'TOO_MANY_ATTEMPTS');
    });

    it('makes exactly one account when two people enrol the same new name at once', async () => {
      const [a, b] = [client(), client()];
      const [startA, startB] = await Promise.all([
        a.post('/api/auth/login').send({ username: 'contested' }),
        b.post('/api/auth/login').send({ username: 'contested' }),
      ]);
      assert.notEqual(
        startA.body.secret,
        startB.body.secret,
        'each requester has their own secret',
      );
      const crossed = await a
        .post('/api/auth/verify')
        .send({ username: 'contested', code: codeFor(startB.body.secret) });
      assert.equal(crossed.status, 401, 'one cannot complete the other’s enrolment');
      const results = await Promise.all([
        a
          .post('/api/auth/verify')
          .send({ username: 'contested', code: codeFor(startA.body.secret) }),
        b
          .post('/api/auth/verify')
          .send({ username: 'contested', code: codeFor(startB.body.secret) }),
      ]);
      assert.deepEqual(results.map((res) => res.status).sort(), [200, 409]);
      assert.equal(results.find((res) => res.status === 409)!.body.error, 'USERNAME_TAKEN');
      assert.equal(await User.count({ where: { username: 'contested' } }), 1);
    });
  });

  describe('sessions', () => {
    it('regenerates the session id at sign-in, so the pre-login id is dead', async () => {
      const agent = client();
      const started = await agent
        .post('/api/auth/login')
        .send({ username: 'fixation_test' })
        .expect(200);
      const before = sessionCookie(agent);
      await agent
        .post('/api/auth/verify')
        .send({ username: 'fixation_test', code: codeFor(started.body.secret) })
        .expect(200);
      assert.notEqual(sessionCookie(agent), before);
      const stale = await app.current.http().get('/api/auth/me').set('Cookie', before).expect(200);
      assert.equal(stale.body.user, null);
    });

    it('logout destroys the session: the old cookie is 401 afterwards', async () => {
      const agent = client();
      await signedInAs(agent);
      const cookie = sessionCookie(agent);
      await agent.get('/api/auth/sessions').expect(200);
      await agent.post('/api/auth/logout').send({}).expect(200);
      const res = await app.current
        .http()
        .get('/api/auth/sessions')
        .set('Cookie', cookie)
        .expect(401);
      assert.equal(res.body.error, 'UNAUTHENTICATED');
    });

    it('ends a session past its absolute limit', async () => {
      const agent = client();
      const user = await signedInAs(agent);
      await ageSessions(user.id, 'signed_in_at', 8 * 24 * 3600 * 1000);
      await agent.get('/api/auth/sessions').expect(401);
    });

    it('gives staff a shorter idle limit than customers', async () => {
      const agent = client();
      const staff = await signedInAs(agent, 'staff');
      await ageSessions(staff.id, 'last_seen_at', 40 * 60 * 1000);
      await agent.get('/api/auth/sessions').expect(401);
    });

    it('lists your sessions and ends another one', async () => {
      const user = await buildUser();
      const laptop = client().set('User-Agent', 'Laptop browser');
      const phone = client().set('User-Agent', 'Phone browser');
      await signInAs(laptop, user);
      await signInAs(phone, user, 1);
      const listed = await laptop.get('/api/auth/sessions').expect(200);
      assert.equal(listed.body.sessions.length, 2);
      const other = listed.body.sessions.find((session: { current: boolean }) => !session.current);
      assert.equal(other.device, 'Phone browser');
      assert.ok(
        !JSON.stringify(listed.body).includes(sessionCookie(phone).split('=')[1]!.slice(4, 20)),
        'no raw session ids',
      );
      await laptop.delete(`/api/auth/sessions/${other.id}`).expect(200);
      await phone.get('/api/auth/sessions').expect(401);
      await laptop.get('/api/auth/sessions').expect(200);
    });
  });

  describe('recovery codes', () => {
    it('signs in once with each code and asks for a new authenticator', async () => {
      const agent = client();
      const { recovery_codes } = await signUp(agent, 'lost_phone');
      const code = recovery_codes[0]!;
      const first = await client()
        .post('/api/auth/recover')
        .send({ username: 'lost_phone', recovery_code: code })
        .expect(200);
      assert.equal(first.body.reenroll_required, true);
      assert.equal(first.body.recovery_codes_left, 9);
      const again = await client()
        .post('/api/auth/recover')
        .send({ username: 'lost_phone', recovery_code: code })
        .expect(401);
      assert.equal(again.body.error, 'INVALID_CODE');
    });

    it('moves the account to a new authenticator after a recovery sign-in', async () => {
      const { recovery_codes, secret: oldSecret } = await signUp(client(), 'moving_phone');
      const agent = client();
      await agent
        .post('/api/auth/recover')
        .send({ username: 'moving_phone', recovery_code: recovery_codes[1] })
        .expect(200);
      assert.equal((await agent.get('/api/auth/me')).body.reenroll_required, true);
      const begin = await agent.post('/api/auth/authenticator').send({}).expect(200);
      assert.notEqual(begin.body.secret, oldSecret);
      await agent
        .post('/api/auth/authenticator/verify')
        .send({ code: codeFor(begin.body.secret) })
        .expect(200);
      assert.equal((await agent.get('/api/auth/me')).body.reenroll_required, false);
      const withOld = await client()
        .post('/api/auth/verify')
        .send({ username: 'moving_phone', code: codeFor(oldSecret, -1) });
      assert.equal(withOld.status, 401, 'the old authenticator no longer works');
    });

    it('regenerating them needs a fresh authenticator code', async () => {
      const agent = client();
      const user = await signedInAs(agent);
      await outsideReauthWindow(user.id);
      const stale = await agent.post('/api/auth/recovery-codes').send({}).expect(403);
      assert.equal(stale.body.error, 'REAUTHENTICATION_REQUIRED');
      const refused = await agent
        .post('/api/auth/recovery-codes')
        .send({ code: codeFor(user) })
        .expect(401);
      assert.equal(refused.body.error, 'INVALID_CODE', 'the code used to sign in cannot be reused');
      const fresh = await agent
        .post('/api/auth/recovery-codes')
        .send({ code: codeFor(user, -1) })
        .expect(200);
      assert.equal(fresh.body.recovery_codes.length, 10);
      const again = await agent.post('/api/auth/recovery-codes').send({}).expect(200);
      assert.equal(again.body.recovery_codes.length, 10, 'the fresh code counts for a while');
    });
  });

  describe('API tokens', () => {
    it('creates a token shown once, works as Bearer with the owner’s role, and stops when revoked', async () => {
      const agent = client();
      const owner = await signedInAs(agent, 'admin');
      const created = await agent
        .post('/api/tokens')
        .send({ name: 'Reporting script', scopes: ['read', 'admin'] })
        .expect(201);
      const secret = created.body.secret as string;
      assert.match(secret, /^seats_[\w-]{43}$/);
      const [rows] = await testSequelize().query('SELECT token_hash FROM api_tokens');
      assert.ok(!JSON.stringify(rows).includes(secret), 'only the hash is stored');

      const bearer = () =>
        app.current.http().get('/api/users').set('Authorization', `Bearer ${secret}`);
      const res = await bearer().expect(200);
      assert.ok(res.body.users.some((user: { id: number }) => user.id === owner.id));
      const listed = await agent.get('/api/tokens').expect(200);
      assert.equal(listed.body.tokens.length, 1);
      assert.ok(listed.body.tokens[0].last_used_at, 'last use is recorded');
      assert.equal(listed.body.tokens[0].secret, undefined);

      await agent.delete(`/api/tokens/${created.body.token.id}`).expect(200);
      assert.equal((await bearer().expect(401)).body.error, 'UNAUTHENTICATED');
    });

    it('refuses a malformed or unknown token instead of falling back to the cookie', async () => {
      const agent = client();
      await signedInAs(agent);
      await agent.get('/api/auth/sessions').set('Authorization', 'Bearer seats_nope').expect(401);
      await agent.get('/api/auth/sessions').set('Authorization', 'Basic abc').expect(401);
    });
  });

  describe('roles', () => {
    it('answers 401 to visitors and 403 to a customer calling an admin method', async () => {
      await client().get('/api/users').expect(401);
      const agent = client();
      await signedInAs(agent);
      assert.equal((await agent.get('/api/users').expect(403)).body.error, 'FORBIDDEN');
    });

    it('lets an admin search users and change a role, with an audit entry', async () => {
      const agent = client();
      const admin = await signedInAs(agent, 'admin');
      const target = await buildUser({ username: 'door_keeper' });
      const found = await agent.get('/api/users?q=door').expect(200);
      assert.deepEqual(
        found.body.users.map((user: { username: string }) => user.username),
        ['door_keeper'],
      );
      const bad = await agent
        .put(`/api/users/${target.id}/role`)
        .send({ role: 'king' })
        .expect(400);
      assert.match(bad.body.details.role, /must be one of/);
      const res = await agent
        .put(`/api/users/${target.id}/role`)
        .send({ role: 'staff' })
        .expect(200);
      assert.equal(res.body.user.role, 'staff');
      const entry = await AuditEntry.findOne({ where: { target_id: String(target.id) } });
      assert.deepEqual(
        [entry?.actor_id, entry?.action, entry?.details],
        [admin.id, 'user.role_changed', { from: 'customer', to: 'staff' }],
      );
    });

    it('never demotes the last admin', async () => {
      await testSequelize().query("UPDATE users SET role = 'customer' WHERE role = 'admin'");
      const agent = client();
      const admin = await signedInAs(agent, 'admin');
      const res = await agent
        .put(`/api/users/${admin.id}/role`)
        .send({ role: 'customer' })
        .expect(403);
      assert.match(res.body.message, /at least one admin/);
    });
  });

  describe('first admin set-up', () => {
    it('enrols the first admin while there is none, then answers 404', async () => {
      await testSequelize().query("UPDATE users SET role = 'customer' WHERE role = 'admin'");
      const agent = client();
      const setup_token = app.current.setupToken.value;
      const start = await agent
        .post('/api/setup')
        .send({ username: 'the_boss', setup_token })
        .expect(200);
      assert.equal(start.body.status, 'candidate');
      const done = await agent
        .post('/api/setup/verify')
        .send({ username: 'the_boss', code: codeFor(start.body.secret), setup_token })
        .expect(200);
      assert.equal(done.body.user.role, 'admin');
      assert.equal(done.body.recovery_codes.length, 10);
      await client().post('/api/setup').send({ username: 'second_boss' }).expect(404);
      await client()
        .post('/api/setup/verify')
        .send({ username: 'second_boss', code: '123456' })
        .expect(404);
    });
  });
});
