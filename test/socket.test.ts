import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ServerEnvelope } from '../app/shared/socket-contract.js';
import { useTestApp } from './support/app.js';
import {
  disconnected,
  nextMessage,
  request,
  type TestSocket,
  useSockets,
} from './support/socket.js';

describe('socket envelope', () => {
  const app = useTestApp({
    env: { SOCKET_MESSAGES_PER_SECOND: '20', ALLOWED_ORIGINS: 'https://tickets.example' },
  });
  const connect = useSockets(app);

  /** The next error reply the server sends to `socket`. */
  const nextError = (socket: TestSocket) =>
    nextMessage(socket, (envelope) => envelope.error !== undefined);

  it('answers system.ping with the request eid, type and a timestamp', async () => {
    const socket = await connect();
    const before = Date.now();
    const reply = await request(socket, 'system.ping', { echo: 'over the socket' });
    assert.equal(reply.type, 'system.ping');
    assert.equal(reply.error, undefined);
    assert.deepEqual(
      { ...(reply.data as object), server_time: 'x' },
      {
        pong: true,
        echo: 'over the socket',
        server_time: 'x',
        signed_in_as: null,
      },
    );
    assert.ok(reply.ts >= before);
  });

  it('also answers through the acknowledgement callback when one is given', async () => {
    const socket = await connect();
    const eid = randomUUID();
    const pushed = nextMessage(socket, (envelope) => envelope.eid === eid);
    const acked = await new Promise<ServerEnvelope>((resolve) =>
      socket.emit(
        'message',
        { type: 'system.ping', data: { echo: 'ack' }, eid, ts: Date.now() },
        resolve,
      ),
    );
    assert.equal(acked.eid, eid);
    assert.equal((acked.data as { echo: string }).echo, 'ack');
    assert.deepEqual(await pushed, acked);
  });

  it('reports validation errors with details, like the JSON API', async () => {
    const socket = await connect();
    const reply = await request(socket, 'system.ping', { echo: 'x'.repeat(300) });
    assert.equal(reply.error, 'VALIDATION_FAILED');
    assert.deepEqual(reply.data, {
      message: 'Some values are not valid.',
      details: { echo: 'must be at most 200 characters' },
    });
  });

  const malformed: Array<[string, unknown, RegExp]> = [
    ['a string payload', 'system.ping', /must be an object/],
    ['a number payload', 42, /must be an object/],
    ['an array payload', [{ type: 'system.ping' }], /must be an object/],
    ['null', null, /must be an object/],
    ['no type', { eid: 'e1', data: {} }, /no "type"/],
    ['a non-string type', { type: 7, eid: 'e2', data: {} }, /no "type"/],
    ['no eid', { type: 'system.ping', data: {} }, /no "eid"/],
    ['a bad eid', { type: 'system.ping', eid: { id: 1 }, data: {} }, /"eid" must be/],
    [
      'non-object data',
      { type: 'system.ping', eid: 'e3', data: 'hello' },
      /"data" must be an object/,
    ],
  ];
  for (const [what, payload, message] of malformed) {
    it(`answers ${what} with BAD_REQUEST and keeps the connection`, async () => {
      const socket = await connect();
      const reply = nextError(socket);
      socket.emit('message', payload);
      const envelope = await reply;
      assert.equal(envelope.error, 'BAD_REQUEST');
      assert.match((envelope.data as { message: string }).message, message);
      assert.equal(typeof envelope.ts, 'number');
      assert.equal((await request(socket, 'system.ping')).error, undefined, 'still served');
    });
  }

  it('echoes the eid of a malformed message when it has one', async () => {
    const socket = await connect();
    const reply = nextError(socket);
    socket.emit('message', { type: 'system.ping', eid: 'keep-me', data: [] });
    assert.equal((await reply).eid, 'keep-me');
  });

  it('answers an unknown type with NOT_FOUND', async () => {
    const socket = await connect();
    const reply = await request(socket, 'nothing.here');
    assert.equal(reply.error, 'NOT_FOUND');
    assert.equal(reply.type, 'nothing.here');
    assert.match(
      (reply.data as { message: string }).message,
      /Unknown message type "nothing.here"/,
    );
  });

  it('disconnects a client that sends more than the size limit, and serves others', async () => {
    const bystander = await connect();
    const big = await connect();
    const gone = disconnected(big);
    big.emit('message', { type: 'system.ping', eid: 'big', data: { echo: 'x'.repeat(70 * 1024) } });
    assert.match(await gone, /transport close|transport error/);
    assert.equal((await request(bystander, 'system.ping', { echo: 'fine' })).error, undefined);
  });

  it('rate-limits a flood, then disconnects the flooder, and serves others', async () => {
    const bystander = await connect();
    const flooder = await connect();
    const replies: ServerEnvelope[] = [];
    flooder.on('message', (envelope: ServerEnvelope) => replies.push(envelope));
    const gone = disconnected(flooder, 10_000);
    for (let i = 0; i < 400 && flooder.connected; i++) {
      flooder.emit('message', { type: 'system.ping', eid: `f${i}`, data: {} });
    }
    assert.equal(await gone, 'io server disconnect');
    const limited = replies.filter((envelope) => envelope.error === 'RATE_LIMITED');
    const served = replies.filter((envelope) => envelope.error === undefined);
    assert.ok(served.length <= 20, `at most the per-second allowance is served (${served.length})`);
    assert.ok(limited.length >= 50, `the excess is told RATE_LIMITED (${limited.length})`);
    assert.equal((await request(bystander, 'system.ping')).error, undefined);
  });

  describe('handshake Origin', () => {
    it('accepts an allowed Origin and clients that send none', async () => {
      const fromSite = await connect({ origin: 'https://tickets.example' });
      assert.ok(fromSite.connected);
      const server = await connect();
      assert.ok(server.connected);
    });

    it('refuses a foreign Origin', async () => {
      await assert.rejects(connect({ origin: 'https://evil.example' }), /websocket error|origin/i);
    });
  });
});
