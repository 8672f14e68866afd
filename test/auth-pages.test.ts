import assert from 'node:assert/strict';
import { User } from '../app/models/index.js';
import { useTestApp } from './support/app.js';
import { newAgent, outsideReauthWindow, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildUser, codeFor } from './support/factories.js';
import { csrfOf, submit } from './support/forms.js';

/** The authenticator key shown on an enrolment page. */
const secretOnPage = (html: string) =>
  /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(html)![1]!.replace(/ /g, '');

describe('account pages', () => {
  const app = useTestApp();
  let clients = 0;
  const client = () => newAgent(app.current).set('X-Forwarded-For', `203.0.113.${++clients}`);

  it('enrols through plain forms: username, QR and key, code, recovery codes, account', async () => {
    const agent = client();
    const enroll = await submit(agent, '/login', '/login', { username: 'Form_Person' }).then(
      (res) => res,
    );
    assert.equal(enroll.status, 200);
    assert.match(enroll.text, /<img class="enroll__qr" src="data:image\/svg\+xml;base64,/);
    const secret = secretOnPage(enroll.text);
    const done = await agent
      .post('/login/verify')
      .type('form')
      .send({
        _csrf: csrfOf(enroll.text),
        username: 'form_person',
        code: codeFor(secret),
        next: '/account',
      })
      .expect(200);
    assert.equal(
      (done.text.match(/<li><code>[a-z2-7]{5}-[a-z2-7]{5}<\/code><\/li>/g) ?? []).length,
      10,
    );
    const account = await agent.get('/account').expect(200);
    assert.match(account.text, /Signed in as <strong>form_person<\/strong>/);
    assert.match(account.text, /this device/);
  });

  it('shows a wrong code next to the field, keeping the QR step', async () => {
    const agent = client();
    const enroll = await submit(agent, '/login', '/login', { username: 'typo_person' });
    const res = await agent
      .post('/login/verify')
      .type('form')
      .send({ _csrf: csrfOf(enroll.text), username: 'typo_person', code: '12345' })
      .expect(400);
    assert.match(res.text, /id="code-error">must be the 6 digits/);
    assert.match(res.text, /enroll__qr/);
  });

  describe('CSRF', () => {
    it('refuses a form post without a token', async () => {
      const res = await client()
        .post('/login')
        .type('form')
        .send({ username: 'someone' })
        .expect(403);
      assert.match(res.text, /expired or came from another site/);
    });

    it('refuses a token that belongs to another session', async () => {
      const attacker = client();
      const foreign = csrfOf((await attacker.get('/login')).text);
      const victim = client();
      await victim.get('/login').expect(200);
      await victim
        .post('/login')
        .type('form')
        .send({ _csrf: foreign, username: 'someone' })
        .expect(403);
    });

    it('applies to sign-out and every account form', async () => {
      const agent = client();
      await signedInAs(agent);
      await agent.post('/logout').type('form').send({}).expect(403);
      await agent.post('/account/tokens').type('form').send({ name: 'x' }).expect(403);
      await agent.get('/account').expect(200);
    });

    it('is not needed, and not possible to fake, on JSON routes, which take JSON only', async () => {
      await client().post('/api/auth/login').type('form').send({ username: 'someone' }).expect(415);
    });
  });

  it('sends visitors to sign in, and back afterwards, never to another site', async () => {
    const res = await client().get('/account').expect(303);
    assert.equal(res.headers.location, '/login?next=%2Faccount');
    const user = await buildUser();
    const agent = client();
    const login = (await agent.get('/login?next=//evil.example/x').expect(200)).text;
    assert.match(login, /name="next" value="\/account"/);
    const done = await agent
      .post('/login/verify')
      .type('form')
      .send({
        _csrf: csrfOf(login),
        username: user.username,
        code: codeFor(user),
        next: '//evil.example/x',
      })
      .expect(303);
    assert.equal(done.headers.location, '/account');
  });

  it('signs out with the header form', async () => {
    const agent = client();
    await signedInAs(agent);
    const res = await submit(agent, '/account', '/logout', {});
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/login?signed_out=1');
    await agent.get('/account').expect(303);
  });

  it('ending this device’s session from /account signs it out', async () => {
    const agent = client();
    await signedInAs(agent);
    const page = (await agent.get('/account').expect(200)).text;
    const action = /action="(\/account\/sessions\/[0-9a-f]{24}\/end)"/.exec(page)![1]!;
    const res = await agent
      .post(action)
      .type('form')
      .send({ _csrf: csrfOf(page) })
      .expect(303);
    assert.equal(res.headers.location, '/login?signed_out=1');
    await agent.get('/account').expect(303);
  });

  it('creates an API token on /account and shows it once', async () => {
    const agent = client();
    await signedInAs(agent);
    const created = await submit(agent, '/account', '/account/tokens', {
      name: 'Door scanner',
      scopes: 'read',
    });
    assert.equal(created.status, 201);
    const secret = /data-testid="new-token">(seats_[\w-]+)</.exec(created.text)?.[1];
    assert.ok(secret);
    const again = await agent.get('/account').expect(200);
    assert.doesNotMatch(again.text, new RegExp(secret));
    assert.match(again.text, /Door scanner/);
    await app.current
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${secret}`)
      .expect(200);
  });

  it('moves to a new authenticator from /account: current code, QR, a typo keeps the same QR', async () => {
    const agent = client();
    const user = await signedInAs(agent);
    const account = (await agent.get('/account').expect(200)).text;
    const begin = await agent
      .post('/account/authenticator')
      .type('form')
      .send({ _csrf: csrfOf(account), code: codeFor(user, -1) })
      .expect(200);
    const secret = secretOnPage(begin.text);
    const typo = await agent
      .post('/account/authenticator/verify')
      .type('form')
      .send({ _csrf: csrfOf(begin.text), code: '000000' })
      .expect(401);
    assert.equal(secretOnPage(typo.text), secret, 'the same QR code again');
    const done = await agent
      .post('/account/authenticator/verify')
      .type('form')
      .send({ _csrf: csrfOf(typo.text), code: codeFor(secret) })
      .expect(303);
    const after = await agent.get(done.headers.location!).expect(200);
    assert.match(after.text, /new authenticator app is set up/);
  });

  it('lets an admin change roles on /admin/users, and nobody else', async () => {
    const customer = client();
    await signedInAs(customer);
    await customer.get('/admin/users').expect(403);

    const admin = client();
    await signedInAs(admin, 'admin');
    const target = await buildUser({ username: 'promote_me' });
    const page = await admin.get('/admin/users?q=promote').expect(200);
    assert.match(page.text, /promote_me/);
    const res = await admin
      .post(`/admin/users/${target.id}/role`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), role: 'organizer', q: 'promote' })
      .expect(303);
    const after = await admin.get(res.headers.location!).expect(200);
    assert.match(after.text, /promote_me is now organizer/);
    assert.equal((await User.findByPk(target.id))?.role, 'organizer');
  });

  it('asks an admin whose last code is old to confirm on /admin/users before a role change', async () => {
    const admin = client();
    const boss = await signedInAs(admin, 'admin');
    const target = await buildUser({ username: 'promote_later' });
    await outsideReauthWindow(boss.id);
    const page = await admin.get('/admin/users?q=promote_later').expect(200);
    assert.match(page.text, /Confirm it is you/);
    const refused = await admin
      .post(`/admin/users/${target.id}/role`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), role: 'staff', q: 'promote_later' })
      .expect(303);
    const told = await admin.get(refused.headers.location!).expect(200);
    assert.match(told.text, /Enter a code from your authenticator app/);
    assert.equal((await User.findByPk(target.id))?.role, 'customer');
    const typo = await admin
      .post('/account/reauthenticate')
      .type('form')
      .send({ _csrf: csrfOf(page.text), code: '000000', next: '/admin/users?q=promote_later' })
      .expect(303);
    assert.equal(typo.headers.location, '/admin/users?q=promote_later', 'back where it was asked');
    const confirmed = await admin
      .post('/account/reauthenticate')
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        code: codeFor(boss, -1),
        next: '/admin/users?q=promote_later',
      })
      .expect(303);
    const fresh = await admin.get(confirmed.headers.location!).expect(200);
    assert.doesNotMatch(fresh.text, /Confirm it is you/);
    await admin
      .post(`/admin/users/${target.id}/role`)
      .type('form')
      .send({ _csrf: csrfOf(fresh.text), role: 'staff', q: 'promote_later' })
      .expect(303);
    assert.equal((await User.findByPk(target.id))?.role, 'staff');
  });

  it('offers /setup only while there is no admin', async () => {
    await testSequelize().query("UPDATE users SET role = 'customer' WHERE role = 'admin'");
    const agent = client();
    const setup_token = app.current.setupToken.value;
    await agent.get('/setup').expect(403);
    await agent.get('/setup?token=wrong').expect(403);
    const start = await submit(agent, `/setup?token=${setup_token}`, '/setup', {
      username: 'first_admin',
      setup_token,
    });
    assert.equal(start.status, 200);
    assert.match(start.text, new RegExp(`name="setup_token" value="${setup_token}"`));
    const secret = secretOnPage(start.text);
    const done = await agent
      .post('/setup/verify')
      .type('form')
      .send({
        _csrf: csrfOf(start.text),
        username: 'first_admin',
        code: codeFor(secret),
        setup_token,
      })
      .expect(200);
    assert.match(done.text, /recovery codes/i);
    assert.equal((await User.findByUsername('first_admin'))?.role, 'admin');
    await client().get('/setup').expect(404);
  });
});
