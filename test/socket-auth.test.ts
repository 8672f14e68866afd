import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { useTestApp } from './support/app.js';
import { newAgent, sessionCookie, signedInAs, signInAs } from './support/auth.js';
import { codeFor } from './support/factories.js';
import { disconnected, request, useSockets } from './support/socket.js';
import { statementsDuring } from './support/statements.js';

describe('accounts over sockets', () => {
  const app = useTestApp({ env: { ALLOWED_ORIGINS: 'https://tickets.example' } });
  const connect = useSockets(app);

  it('enrols over a socket, trades the login token for a cookie, and reconnects as the user', async () => {
    const socket = await connect();
    assert.deepEqual((await request(socket, 'auth.me')).data, { user: null });
    const start = await request(socket, 'auth.login', { username: 'socket_person' });
    const { secret, status } = start.data as { secret: string; status: string };
    assert.equal(status, 'candidate');
    const verified = await request(socket, 'auth.verify', {
      username: 'socket_person',
      code: codeFor(secret),
    });
    const { login_token, recovery_codes } = verified.data as {
      login_token: string;
      recovery_codes: string[];
    };
    assert.equal(recovery_codes.length, 10);
    assert.ok(login_token);

    const agent = newAgent(app.current);
    const exchanged = await agent.post('/api/auth/session').send({ login_token }).expect(200);
    assert.equal(exchanged.body.user.username, 'socket_person');
    const reuse = await newAgent(app.current)
      .post('/api/auth/session')
      .send({ login_token })
      .expect(401);
    assert.equal(reuse.body.error, 'UNAUTHENTICATED', 'a login token works once');

    const signedIn = await connect({ cookie: sessionCookie(agent) });
    const me = await request(signedIn, 'auth.me');
    assert.equal((me.data as { user: { username: string } }).user.username, 'socket_person');
  });

  it('a socket’s enrolment cannot be finished by another socket', async () => {
    const first = await connect();
    const start = await request(first, 'auth.login', { username: 'socket_bound' });
    const other = await connect();
    const stolen = await request(other, 'auth.verify', {
      username: 'socket_bound',
      code: codeFor((start.data as { secret: string }).secret),
    });
    assert.equal(stolen.error, 'INVALID_CODE');
  });

  it('logout disconnects every socket of that session, and only those', async () => {
    const agent = newAgent(app.current);
    await signedInAs(agent);
    const mine = await connect({ cookie: sessionCookie(agent) });
    const otherAgent = newAgent(app.current);
    await signedInAs(otherAgent);
    const theirs = await connect({ cookie: sessionCookie(otherAgent) });
    const gone = disconnected(mine);
    await agent.post('/api/auth/logout').send({}).expect(200);
    assert.equal(await gone, 'io server disconnect');
    assert.equal((await request(theirs, 'system.ping')).error, undefined);
  });

  it('ending a session from /account disconnects its sockets', async () => {
    const laptop = newAgent(app.current);
    const user = await signedInAs(laptop);
    const phone = newAgent(app.current);
    await signInAs(phone, user, 1);
    const phoneSocket = await connect({ cookie: sessionCookie(phone) });
    const gone = disconnected(phoneSocket);
    const { body } = await laptop.get('/api/auth/sessions').expect(200);
    const other = body.sessions.find((session: { current: boolean }) => !session.current);
    await laptop.delete(`/api/auth/sessions/${other.id}`).expect(200);
    assert.equal(await gone, 'io server disconnect');
  });

  it('refuses a handshake from a foreign Origin even with a valid session cookie', async () => {
    const agent = newAgent(app.current);
    await signedInAs(agent);
    await assert.rejects(connect({ origin: 'https://evil.example', cookie: sessionCookie(agent) }));
    const allowed = await connect({
      origin: 'https://tickets.example',
      cookie: sessionCookie(agent),
    });
    assert.ok((await request(allowed, 'auth.me')).data);
  });

  it('checks roles on socket messages like everywhere else', async () => {
    const anonymous = await connect();
    assert.equal((await request(anonymous, 'users.search', {})).error, 'UNAUTHENTICATED');
    const agent = newAgent(app.current);
    await signedInAs(agent);
    const customer = await connect({ cookie: sessionCookie(agent) });
    assert.equal((await request(customer, 'users.search', {})).error, 'FORBIDDEN');
  });
  it('a signed-in handshake reads its user with its session, and keeps no session on the connection', async () => {
    const agent = newAgent(app.current);
    const user = await signedInAs(agent);
    let socket: Awaited<ReturnType<typeof connect>> | undefined;
    // The store reads the session and its user in one query, through a pool of its own;
    // the handshake sends nothing else.
    const statements = await statementsDuring(async () => {
      socket = await connect({ cookie: sessionCookie(agent) });
    });
    assert.deepEqual(statements, []);
    const me = await request(socket!, 'auth.me');
    assert.equal((me.data as { user: { id: number } }).user.id, user.id);
    // What the session middleware left at the handshake is not kept as long as the socket.
    const server = app.current.io.of('/').sockets.get(socket!.id!)!;
    assert.equal((server.request as { session?: unknown }).session, undefined);
    assert.equal((server.request as { sessionStore?: unknown }).sessionStore, undefined);
    assert.equal(server.data.actor?.id, user.id);
  });

  it('a signed-in WebSocket handshake still renews the session cookie', async () => {
    const agent = newAgent(app.current);
    await signedInAs(agent);
    const cookie = sessionCookie(agent);
    const upgraded = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${app.current.baseUrl}/socket.io/?EIO=4&transport=websocket`, {
        headers: {
          cookie,
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': randomBytes(16).toString('base64'),
        },
      });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res);
      });
      req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
      req.on('error', reject);
      req.end();
    });
    assert.equal(upgraded.statusCode, 101);
    const renewed = String(upgraded.headers['set-cookie'] ?? '');
    assert.match(renewed, /^seats\.sid=/);
    assert.equal(renewed.split(';')[0], cookie.split(';')[0], 'the same session');
  });
});
