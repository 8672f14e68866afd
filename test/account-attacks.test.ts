import assert from 'node:assert/strict';
import type TestAgent from 'supertest/lib/agent.js';
import { addressKey } from '../app/core/client-address.js';
import { forgetTokensOf } from '../app/models/api-token-auth.js';
import { loggedUrl } from '../app/core/request-logger.js';
import { safeNext } from '../app/controllers/pages/forms.js';
import authenticatorConfirm from '../app/methods/account/authenticator-confirm.js';
import { invokeMethod } from '../app/methods/invoke.js';
import { beginEnrollment } from '../app/models/enrollment.js';
import { User } from '../app/models/index.js';
import { createSessionMiddleware } from '../app/core/session.js';
import { useTestApp } from './support/app.js';
import {
  newAgent,
  outsideReauthWindow,
  sessionCookie,
  signedInAs,
  signUp,
} from './support/auth.js';
import { memoryAuthPort, methodContext } from './support/context.js';
import { testDatabaseUrl, testSequelize } from './support/db.js';
import { silentLogger } from './support/logger.js';
import { buildOnSaleEvent, buildUser, codeFor } from './support/factories.js';
import { holdSeats } from './support/holds.js';
import { submit } from './support/forms.js';
import { testSecrets } from './support/secrets.js';
import { request, useSockets } from './support/socket.js';

// Each finding of the accounts review (issue 10), replayed from the attacker's side
// through the real routes and a real socket.
describe('accounts hardened, tried as an attacker with one free account', () => {
  const app = useTestApp({ env: { SOCKET_MESSAGES_PER_SECOND: '1000' } });
  const connect = useSockets(app);
  let clients = 0;
  /** A client with a cookie jar and an address of its own. */
  const client = () => newAgent(app.current).set('X-Forwarded-For', `192.0.2.${++clients % 250}`);
  const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });
  /** The path a supertest response answered, for assertion messages. */
  const where = (res: object) => String((res as { req?: { path?: string } }).req?.path);

  async function tokenOf(agent: TestAgent, fields: object = {}) {
    const res = await agent
      .post('/api/tokens')
      .send({ name: 'script', ...fields })
      .expect(201);
    return res.body.secret as string;
  }

  describe('a leaked API token', () => {
    it("with the attacker's own recovery session, cannot replace the owner's authenticator", async () => {
      for (const role of ['customer', 'admin'] as const) {
        const owner = client();
        const victim = await signedInAs(owner, role);
        const stolen = await tokenOf(owner);
        const attacker = client();
        const { recovery_codes } = await signUp(attacker, `mallory_${role}`);
        const recovered = await client()
          .post('/api/auth/recover')
          .send({ username: `mallory_${role}`, recovery_code: recovery_codes[0] })
          .expect(200);
        const cookie = recovered.headers['set-cookie']![0]!.split(';')[0]!;
        const begin = await app.current
          .http()
          .post('/api/auth/authenticator')
          .set(bearer(stolen))
          .set('Cookie', cookie)
          .send({})
          .expect(403);
        assert.deepEqual(begin.body.details, { needs: 'session' });
        await app.current
          .http()
          .post('/api/auth/authenticator/verify')
          .set(bearer(stolen))
          .set('Cookie', cookie)
          .send({ code: '123456' })
          .expect(403);
        const after = await User.findByPk(victim.id, { rejectOnEmpty: true });
        assert.equal(after.totp_secret, victim.totp_secret, 'the authenticator is unchanged');
      }
    });

    it('cannot mint a token, list or end sessions, or change any credential', async () => {
      const owner = client();
      const user = await signedInAs(owner);
      const stolen = await tokenOf(owner, { scopes: ['read', 'write'] });
      const tokenId = (await owner.get('/api/tokens').expect(200)).body.tokens[0].id as number;
      const http = app.current.http;
      const attempts = [
        http().post('/api/tokens').send({ name: 'mine now' }),
        http().get('/api/tokens'),
        http().delete(`/api/tokens/${tokenId}`),
        http().get('/api/auth/sessions'),
        http().delete('/api/auth/sessions'),
        http()
          .post('/api/auth/recovery-codes')
          .send({ code: codeFor(user, -1) }),
        http()
          .post('/api/auth/reauthenticate')
          .send({ code: codeFor(user, -1) }),
        http().post('/api/auth/logout').send({}),
      ];
      for (const attempt of attempts) {
        const res = await attempt.set(bearer(stolen));
        assert.equal(res.status, 403, res.text);
        assert.deepEqual(res.body.details, { needs: 'session' });
      }
      assert.equal((await owner.get('/api/tokens').expect(200)).body.tokens.length, 1);
      await owner.get('/api/auth/me').expect(200);
    });

    it('can do only what its scopes allow, and only until it expires', async () => {
      const { event, seatIds } = await buildOnSaleEvent();
      const owner = client();
      const customer = await signedInAs(owner);
      const read = await tokenOf(owner);
      const write = await tokenOf(owner, { scopes: ['write'] });
      const http = app.current.http;
      const hold = () =>
        http()
          .post('/api/bookings/hold-seats')
          .send({ event_id: event.id, seat_ids: [seatIds[0]] });
      const refused = await hold().set(bearer(read)).expect(403);
      assert.deepEqual(refused.body.details, { scope: 'write' });
      await http().get('/api/bookings').set(bearer(read)).expect(200);
      await hold().set(bearer(write)).expect(201);
      await http().get('/api/bookings').set(bearer(write)).expect(200); // write includes read

      const admin = client();
      await signedInAs(admin, 'admin');
      const adminWrite = await tokenOf(admin, { scopes: ['read', 'write'] });
      const adminScoped = await tokenOf(admin, { scopes: ['admin'] });
      const noAdmin = await http().get('/api/users').set(bearer(adminWrite)).expect(403);
      assert.deepEqual(noAdmin.body.details, { scope: 'admin' });
      await http().get('/api/users').set(bearer(adminScoped)).expect(200);
      const notForCustomers = await owner
        .post('/api/tokens')
        .send({ name: 'x', scopes: ['admin'] })
        .expect(400);
      assert.match(notForCustomers.body.details.scopes, /administrators/);

      await testSequelize().query(
        "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE user_id = :id",
        { replacements: { id: customer.id } },
      );
      // A change made behind the app's back reaches its token cache within 5 s; the app's
      // own revocations forget at once (test/token-cache.test.ts). Here it is told.
      forgetTokensOf(customer.id);
      await http().get('/api/bookings').set(bearer(read)).expect(401);
    });

    it('lives at most 90 days, and 30 for staff and admins whatever it was made with', async () => {
      const customer = client();
      const user = await signedInAs(customer);
      const created = await customer.post('/api/tokens').send({ name: 'long' }).expect(201);
      assert.ok(
        Date.parse(created.body.token.expires_at) - Date.now() > 89 * 86_400_000,
        'a customer token lasts 90 days by default',
      );
      await customer.post('/api/tokens').send({ name: 'x', expires_in_days: 91 }).expect(400);
      const staff = client();
      await signedInAs(staff, 'staff');
      const tooLong = await staff
        .post('/api/tokens')
        .send({ name: 'x', expires_in_days: 31 })
        .expect(400);
      assert.equal(tooLong.body.details.expires_in_days, 'must be at most 30');
      // A customer's 90-day token stops 30 days after it was made once its owner is staff.
      await testSequelize().query(
        "UPDATE api_tokens SET created_at = now() - interval '31 days' WHERE user_id = :id",
        { replacements: { id: user.id } },
      );
      await app.current.http().get('/api/auth/me').set(bearer(created.body.secret)).expect(200);
      const admin = client();
      await signedInAs(admin, 'admin');
      await admin.put(`/api/users/${user.id}/role`).send({ role: 'staff' }).expect(200);
      await app.current.http().get('/api/auth/me').set(bearer(created.body.secret)).expect(401);
    });

    it('cannot change roles, nor wield admin powers without the admin scope', async () => {
      const admin = client();
      const boss = await signedInAs(admin, 'admin');
      const everything = await tokenOf(admin, { scopes: ['read', 'write', 'admin'] });
      const writeOnly = await tokenOf(admin, { scopes: ['read', 'write'] });
      const mallory = await buildUser();
      const promote = await app.current
        .http()
        .put(`/api/users/${mallory.id}/role`)
        .set(bearer(everything))
        .send({ role: 'admin' })
        .expect(403);
      assert.deepEqual(promote.body.details, { needs: 'session' });
      assert.equal((await User.findByPk(mallory.id))?.role, 'customer');
      // An organizer's event: the admin's write token acts as an organizer, not an admin.
      const organizer = await buildUser({ role: 'organizer' });
      const { event, seatIds } = await buildOnSaleEvent();
      await event.update({ created_by: organizer.id });
      await app.current
        .http()
        .post(`/api/events/${event.id}/cancel`)
        .set(bearer(writeOnly))
        .send({})
        .expect(403);
      const me = await app.current.http().get('/api/auth/me').set(bearer(writeOnly)).expect(200);
      assert.deepEqual([me.body.user.id, me.body.user.role], [boss.id, 'admin']);
      // It keeps what an admin has as box office: a walk-in sale.
      const walkIn = await app.current
        .http()
        .post('/api/bookings/hold-seats')
        .set(bearer(writeOnly))
        .send({ event_id: event.id, seat_ids: [seatIds[0]], customer_name: 'Ann at the counter' })
        .expect(201);
      assert.equal(walkIn.body.hold.customer_name, 'Ann at the counter');
      await app.current
        .http()
        .post(`/api/events/${event.id}/cancel`)
        .set(bearer(everything))
        .send({})
        .expect(200);
    });

    it('shows where and when it was last used, on /account too', async () => {
      const owner = client();
      await signedInAs(owner);
      const secret = await tokenOf(owner);
      await app.current
        .http()
        .get('/api/auth/me')
        .set(bearer(secret))
        .set('X-Forwarded-For', '198.51.100.7')
        .expect(200);
      const [token] = (await owner.get('/api/tokens').expect(200)).body.tokens;
      assert.equal(token.last_used_ip, '198.51.100.7');
      assert.deepEqual(token.scopes, ['read']);
      assert.match((await owner.get('/account').expect(200)).text, /from 198\.51\.100\.7/);
    });
  });

  describe('credential changes', () => {
    it('need a code from the last 10 minutes, or one sent along', async () => {
      const agent = client();
      const user = await signedInAs(agent);
      await agent.post('/api/tokens').send({ name: 'fresh' }).expect(201);
      await outsideReauthWindow(user.id);
      for (const attempt of [
        agent.post('/api/tokens').send({ name: 'stale' }),
        agent.delete('/api/auth/sessions'),
        agent.post('/api/auth/recovery-codes').send({}),
      ]) {
        const res = await attempt;
        assert.equal(res.status, 403, res.text);
        assert.equal(res.body.error, 'REAUTHENTICATION_REQUIRED');
      }
      await agent
        .post('/api/tokens')
        .send({ name: 'with a code', code: codeFor(user, -1) })
        .expect(201);
      await agent.post('/api/tokens').send({ name: 'then without' }).expect(201);
      const me = (await agent.get('/api/auth/me').expect(200)).body;
      assert.ok(Date.parse(me.reauthenticated_until) > Date.now());
    });

    it('a recovery ends every other session and revokes every token, unless told not to', async () => {
      const { recovery_codes, user, secret: totp } = await signUp(client(), 'lost_phone');
      const laptop = client();
      await laptop
        .post('/api/auth/recover')
        .send({
          username: 'lost_phone',
          recovery_code: recovery_codes[0],
          end_other_sessions: false,
        })
        .expect(200);
      // A recovery code is not a fresh authenticator code: a token needs one.
      const refused = await laptop.post('/api/tokens').send({ name: 'x' }).expect(403);
      assert.equal(refused.body.error, 'REAUTHENTICATION_REQUIRED');
      await laptop.post('/api/auth/recovery-codes').send({}).expect(403);
      const secret = await tokenOf(laptop, { code: codeFor(totp, -1) });
      const thief = client();
      const kept = await thief
        .post('/api/auth/recover')
        .send({
          username: 'lost_phone',
          recovery_code: recovery_codes[1],
          end_other_sessions: false,
        })
        .expect(200);
      assert.deepEqual([kept.body.sessions_ended, kept.body.tokens_revoked], [0, 0]);
      assert.equal((await laptop.get('/api/auth/me')).body.user?.id, user.id);
      const owner = client();
      const recovered = await owner
        .post('/api/auth/recover')
        .send({ username: 'lost_phone', recovery_code: recovery_codes[2] })
        .expect(200);
      assert.equal(recovered.body.tokens_revoked, 1);
      assert.ok(recovered.body.sessions_ended >= 2);
      assert.equal((await thief.get('/api/auth/me')).body.user, null, 'the thief is out');
      assert.equal((await laptop.get('/api/auth/me')).body.user, null);
      await app.current.http().get('/api/auth/me').set(bearer(secret)).expect(401);
      assert.equal((await owner.get('/api/auth/me')).body.user.id, user.id);
    });

    it('a new authenticator ends every other session and token by default', async () => {
      const phone = client();
      const user = await signedInAs(phone);
      const other = client();
      await other
        .post('/api/auth/verify')
        .send({ username: user.username, code: codeFor(user, -1) })
        .expect(200);
      const secret = await tokenOf(phone);
      const begin = await phone.post('/api/auth/authenticator').send({}).expect(200);
      const done = await phone
        .post('/api/auth/authenticator/verify')
        .send({ code: codeFor(begin.body.secret) })
        .expect(200);
      assert.deepEqual([done.body.sessions_ended, done.body.tokens_revoked], [1, 1]);
      assert.equal((await other.get('/api/auth/me')).body.user, null);
      await app.current.http().get('/api/auth/me').set(bearer(secret)).expect(401);
      assert.equal((await phone.get('/api/auth/me')).body.user.id, user.id);
    });

    it('binds a pending authenticator change to its user, not only to the name', async () => {
      const user = await buildUser();
      const { pending, candidate } = await beginEnrollment(
        'reenroll',
        user.username,
        testSecrets,
        user.id + 1,
      );
      const auth = memoryAuthPort();
      await auth.setPending(pending);
      await assert.rejects(
        invokeMethod(authenticatorConfirm, methodContext(user.toActor(), { auth }), {
          code: codeFor(candidate.secret),
        }),
        (error: { code?: string; message?: string }) =>
          error.code === 'INVALID_CODE' && /Start again/.test(String(error.message)),
      );
      const after = await User.findByPk(user.id, { rejectOnEmpty: true });
      assert.equal(after.totp_secret, user.totp_secret, 'the secret is unchanged');
    });

    it('stays ended: a save of a session still in flight cannot bring it back', async () => {
      const thief = client();
      const user = await signedInAs(thief);
      const sid = decodeURIComponent(sessionCookie(thief).split('=')[1]!).slice(2).split('.')[0]!;
      const [[row]] = (await testSequelize().query('SELECT sess FROM sessions WHERE sid = :sid', {
        replacements: { sid },
      })) as unknown as [[{ sess: object }]];
      const owner = client();
      await owner
        .post('/api/auth/verify')
        .send({ username: user.username, code: codeFor(user, -1) })
        .expect(200);
      await owner.delete('/api/auth/sessions').expect(200);
      // The thief's request that began before the end now saves its copy of the session.
      const { store } = createSessionMiddleware(
        app.current.config,
        testSecrets,
        testDatabaseUrl(),
        silentLogger(),
      );
      await new Promise<void>((resolve, reject) =>
        store.set(sid, row!.sess as never, (error) => (error ? reject(error) : resolve())),
      );
      await store.close();
      assert.equal((await thief.get('/api/auth/me')).body.user, null, 'the thief is still out');
    });

    it('a socket reads the re-enrolment flag from its session at each message, not at its handshake', async () => {
      const { recovery_codes, user } = await signUp(client(), 'socket_recover');
      const agent = client();
      await agent
        .post('/api/auth/recover')
        .send({ username: 'socket_recover', recovery_code: recovery_codes[0] })
        .expect(200);
      const socket = await connect({ cookie: sessionCookie(agent) });
      const begin = await agent.post('/api/auth/authenticator').send({}).expect(200);
      await agent
        .post('/api/auth/authenticator/verify')
        .send({ code: codeFor(begin.body.secret) })
        .expect(200);
      await outsideReauthWindow(user.id);
      const reply = await request(socket, 'account.authenticator_begin', {});
      assert.equal(reply.error, 'REAUTHENTICATION_REQUIRED');
    });
  });

  describe('guessing sign-in codes', () => {
    const blockOf = async (username: string) => {
      const [[row]] = (await testSequelize().query(
        `SELECT extract(epoch FROM to_timestamp(expire / 1000.0) - now())::int AS seconds
           FROM rate_limits WHERE key = :key`,
        { replacements: { key: `totp_fail_user:${username}` } },
      )) as unknown as [[{ seconds: number }]];
      return row!.seconds;
    };
    const endBlock = (username: string) =>
      testSequelize().query(
        `UPDATE rate_limits SET expire = (extract(epoch FROM now()) * 1000)::bigint - 1000
          WHERE key = :key`,
        { replacements: { key: `totp_fail_user:${username}` } },
      );

    it('doubles the lock at each repeat, and the owner signing in in between does not reset it', async () => {
      const owner = await buildUser();
      const wrong = codeFor(owner) === '000000' ? '111111' : '000000';
      const guess = () =>
        client().post('/api/auth/verify').send({ username: owner.username, code: wrong });
      for (let i = 0; i < 5; i++) await guess().expect(401);
      const first = await guess().expect(429);
      assert.ok(Math.abs(first.body.details.retry_after_s - 900) <= 2, first.text);
      await endBlock(owner.username);

      for (let i = 0; i < 3; i++) await guess().expect(401);
      const signedIn = await client()
        .post('/api/auth/verify')
        .send({ username: owner.username, code: codeFor(owner) })
        .expect(200);
      assert.equal(signedIn.body.failed_codes.count, 8, 'the owner is told of the guesses');
      for (let i = 0; i < 2; i++) await guess().expect(401);
      const second = await guess().expect(429);
      assert.ok(Math.abs(second.body.details.retry_after_s - 1800) <= 2, second.text);
      assert.ok(Math.abs((await blockOf(owner.username)) - 1800) <= 2);
      // Even the right code waits: a lock that a correct guess lifted would tell the guesser.
      await client()
        .post('/api/auth/verify')
        .send({ username: owner.username, code: codeFor(owner, -1) })
        .expect(429);
    });

    it('caps the week at 50 wrong codes, however slowly they come', async () => {
      const owner = await buildUser();
      const wrong = codeFor(owner) === '000000' ? '111111' : '000000';
      for (let window = 0; window < 10; window++) {
        for (let i = 0; i < 5; i++)
          await client()
            .post('/api/auth/verify')
            .send({ username: owner.username, code: wrong })
            .expect(401);
        await endBlock(owner.username); // the next 15-minute window
      }
      const capped = await client()
        .post('/api/auth/verify')
        .send({ username: owner.username, code: wrong })
        .expect(429);
      assert.match(capped.body.message, /this week; a recovery code still signs you in/);
      assert.ok(capped.body.details.retry_after_s > 6 * 86_400);
      // More guesses get the same answer, and neither use up nor escalate the short limit.
      for (let i = 0; i < 6; i++) {
        const again = await client()
          .post('/api/auth/verify')
          .send({ username: owner.username, code: wrong })
          .expect(429);
        assert.match(again.body.message, /this week/);
      }
      const [blocks] = await testSequelize().query('SELECT 1 FROM rate_limits WHERE key = :key', {
        replacements: { key: `totp_block_user:${owner.username}` },
      });
      assert.equal(blocks.length, 0, 'no escalation from refused guesses');
    });

    it('tells the owner at the next sign-in and on /account, with the lock in force', async () => {
      const owner = await buildUser();
      const phone = client();
      await phone
        .post('/api/auth/verify')
        .send({ username: owner.username, code: codeFor(owner) })
        .expect(200);
      for (let i = 0; i < 6; i++)
        await client().post('/api/auth/verify').send({ username: owner.username, code: '000000' });
      const page = (await phone.get('/account').expect(200)).text;
      assert.match(page, /Sign-in with authenticator codes is blocked for your username until/);
      await endBlock(owner.username);
      const laptop = client();
      const signIn = await submit(laptop, '/login', '/login/verify', {
        username: owner.username,
        code: codeFor(owner, -1),
      });
      assert.equal(signIn.status, 303);
      const account = (await laptop.get('/account').expect(200)).text;
      assert.match(account, /5 wrong codes were tried for your username/);
    });

    it('counts IPv6 addresses by their /64', async () => {
      assert.equal(addressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
      assert.equal(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
      assert.equal(addressKey('::ffff:192.0.2.9'), '192.0.2.9');
      assert.equal(addressKey('192.0.2.9'), '192.0.2.9');
      // 20 wrong codes from one /64, each from its own address: the 21st is refused.
      const statuses: number[] = [];
      for (let i = 1; i <= 21; i++) {
        const res = await app.current
          .http()
          .post('/api/auth/verify')
          .set('X-Forwarded-For', `2001:db8:77:1::${i.toString(16)}`)
          .send({ username: `nobody_${i}`, code: '000000' });
        statuses.push(res.status);
      }
      assert.deepEqual(statuses, [...Array(20).fill(401), 429]);
    });
  });

  describe('guessing coupons', () => {
    it('counts refusals per address too, across the accounts behind it', async () => {
      const { event, seatIds } = await buildOnSaleEvent();
      const statuses: number[] = [];
      for (const seat of seatIds.slice(0, 4)) {
        const agent = newAgent(app.current).set('X-Forwarded-For', '2001:db8:9:9::5');
        await signedInAs(agent);
        const hold = await holdSeats(agent, event.id, [seat]);
        for (let i = 0; i < 3; i++)
          statuses.push(
            (await agent.post('/api/bookings/create').send({ hold_id: hold.id, coupon: `NO${i}X` }))
              .status,
          );
      }
      assert.deepEqual(statuses, [...Array(10).fill(400), 429, 429]);
    });

    it('gets one answer for every refusal, then 429 after 10 tries', async () => {
      const { event, seatIds } = await buildOnSaleEvent();
      await testSequelize().query(
        `INSERT INTO coupons (code, kind, amount, active) VALUES ('STAFF100', 'percent', 100, false);
         INSERT INTO coupons (code, kind, amount, valid_from)
              VALUES ('NEXTWEEK', 'percent', 50, now() + interval '7 days');
         INSERT INTO coupons (code, kind, amount, usage_limit, used_count)
              VALUES ('GONE', 'percent', 50, 1, 1);`,
      );
      const agent = client();
      await signedInAs(agent);
      const hold = await holdSeats(agent, event.id, [seatIds[0]!]);
      const codes = [
        'STAFF100',
        'NEXTWEEK',
        'GONE',
        'NOSUCH',
        'STAFF1',
        'STAFF2',
        'A1',
        'ABC',
        'XYZ9',
        'QQQ',
      ];
      const answers = new Set<string>();
      for (const coupon of codes) {
        const res = await agent.post('/api/bookings/create').send({ hold_id: hold.id, coupon });
        assert.equal(res.status, 400, res.text);
        answers.add(JSON.stringify([res.body.error, res.body.message, res.body.details]));
      }
      assert.equal(answers.size, 1, [...answers].join('\n'));
      const limited = await agent
        .post('/api/bookings/create')
        .send({ hold_id: hold.id, coupon: 'STAFF100' })
        .expect(429);
      assert.equal(limited.body.error, 'TOO_MANY_ATTEMPTS');
    });
  });

  describe('private answers', () => {
    it('are no-store where they carry a secret, a code or a ticket, and private otherwise', async () => {
      const { event, seatIds } = await buildOnSaleEvent();
      const agent = client();
      await signedInAs(agent);
      const hold = await holdSeats(agent, event.id, [seatIds[0]!]);
      const booking = (
        await agent.post('/api/bookings/create').send({ hold_id: hold.id }).expect(201)
      ).body.booking;
      const paid = (
        await agent
          .post(`/api/bookings/${booking.id}/confirm`)
          .send({ payment: { provider: 'test', card_number: '4242424242424242' } })
          .expect(200)
      ).body.booking;
      const ticket = paid.tickets[0].code as string;
      const candidate = await client().post('/api/auth/login').send({ username: 'brand_new_name' });
      assert.equal(candidate.body.status, 'candidate');
      const noStore = [
        candidate,
        await agent.post('/api/tokens').send({ name: 'x' }),
        await agent.get('/api/tokens'),
        await agent.get('/api/auth/sessions'),
        await agent.post('/api/auth/recovery-codes').send({}),
        await agent.get('/account'),
        await agent.get('/bookings'),
        await agent.get(`/bookings/${booking.id}`),
        await agent.get(`/api/bookings/${booking.id}`),
        await agent.get(`/tickets/${ticket}`),
        await agent.get(`/api/tickets/${ticket}`),
        await agent.get(`/checkout/${booking.id}`),
      ];
      for (const res of noStore) {
        assert.ok(res.status < 400, `${where(res)}: ${res.status}`);
        assert.equal(res.headers['cache-control'], 'no-store', where(res));
        assert.match(String(res.headers.vary), /Cookie.*Authorization/, where(res));
      }
      for (const res of [
        await agent.get('/'),
        await agent.get(`/events/${event.id}`),
        await agent.get('/api/events'),
      ]) {
        assert.equal(res.headers['cache-control'], 'private, no-cache', where(res));
        assert.match(String(res.headers.vary), /Cookie.*Authorization/, where(res));
      }
      assert.equal(
        loggedUrl(`/tickets/${ticket}?from=/api/tickets/${ticket.toLowerCase()}`),
        `/tickets/${ticket.slice(0, 4)}…?from=/api/tickets/${ticket.slice(0, 4).toLowerCase()}…`,
      );
      const encoded = `${ticket.slice(0, 6)}%${ticket.charCodeAt(6).toString(16)}${ticket.slice(7)}`;
      assert.equal(loggedUrl(`/api/tickets/${encoded}`), `/api/tickets/${ticket.slice(0, 4)}…`);
      assert.equal(loggedUrl('/api/auth/sessions?code=123456'), '/api/auth/sessions?code=…');
      assert.equal(
        loggedUrl(`/api/tickets/${encoded}?x=%`),
        `/api/tickets/${ticket.slice(0, 4)}…?x=%`,
        'one bad escape does not unmask the rest',
      );
      const missing = await agent.get(`/api/tickets/${ticket}/x`).expect(404);
      assert.ok(!missing.text.includes(ticket), 'a 404 does not repeat the code');
      // A wrong code for a new authenticator shows its QR code and key again: not kept.
      await agent.post('/api/auth/authenticator').send({}).expect(200);
      const typo = await agent.post('/api/auth/authenticator/verify').send({ code: '000000' });
      assert.equal(typo.headers['cache-control'], 'no-store');
      await app.current.http().get('/api/events/%E0%A4%A').expect(400);
    });
  });

  it('lets 200 visitors open /login without writing a session row', async () => {
    const count = async () =>
      Number(
        (
          (await testSequelize().query('SELECT count(*) AS n FROM sessions')) as unknown as [
            [{ n: string }],
          ]
        )[0][0].n,
      );
    const before = await count();
    for (let i = 0; i < 200; i++) {
      const res = await app.current.http().get('/login').expect(200);
      assert.match(res.text, /name="_csrf" value="[^"]+"/);
      assert.ok(!String(res.headers['set-cookie'] ?? '').includes('seats.sid'));
    }
    assert.equal(await count(), before);
    // The stateless token still protects the form: a post without its cookie is refused.
    const page = await app.current.http().get('/login');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    await app.current
      .http()
      .post('/login')
      .type('form')
      .send({ _csrf: token, username: 'someone' })
      .expect(403);
  });

  describe('redirects', () => {
    it('never loop on a stale Bearer token, and /login never sends anyone to /login', async () => {
      const stale = bearer('seats_revoked_or_unknown');
      const account = await app.current.http().get('/account').set(stale).expect(303);
      assert.equal(account.headers.location, '/login?next=%2Faccount');
      const login = await app.current.http().get(account.headers.location!).set(stale);
      assert.equal(login.status, 200, 'the cookie decides for pages');
      const nested = await app.current
        .http()
        .get(`/login?next=${encodeURIComponent('/login?next=%2Flogin')}`)
        .set(stale)
        .expect(200);
      assert.match(nested.text, /name="next" value="\/account"/);
      await app.current.http().get('/api/auth/me').set(stale).expect(401);
    });

    it('keep next on this site, whatever dot segments say', () => {
      for (const value of ['/.//evil.example', '/..//evil.example', '/a/..//evil.example'])
        assert.equal(safeNext(value), '/account', value);
      assert.equal(safeNext('/login?next=%2Fx'), '/account');
      assert.equal(safeNext('/events/3?x=1#seats'), '/events/3?x=1#seats');
    });
  });
});
