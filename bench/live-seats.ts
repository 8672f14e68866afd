// A seat change reaching another screen: a buyer holds a seat over a socket and a
// watcher subscribed to the event sees `seats.changed`; then the seat is released and
// the watcher sees that too. Against a socket round trip (system.ping) measured in the
// same run, on a published 2,000-seat event.
//
//   npm run bench:live-seats
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { migrate } from '../app/core/migrator.js';
import type { ServerEnvelope } from '../app/shared/socket-contract.js';
import { buildOnSaleEvent, buildUser, codeFor } from '../test/support/factories.js';
import { measure, printResults } from './measure.js';
import { startBenchServer } from './server.js';

const bench = await startBenchServer();
await migrate(bench.sequelize, bench.logger);
const { event, seatIds } = await buildOnSaleEvent({ rows: 40, perRow: 50 });

async function signedInSocket(): Promise<Socket> {
  const user = await buildUser();
  const res = await fetch(`${bench.base}/api/auth/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, code: codeFor(user) }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return connect({ cookie });
}

function connect(headers: Record<string, string> = {}): Promise<Socket> {
  const socket = io(bench.base, {
    transports: ['websocket'],
    forceNew: true,
    extraHeaders: headers,
  });
  return new Promise((resolve) => socket.once('connect', () => resolve(socket)));
}

const call = (socket: Socket, type: string, data: object) =>
  socket
    .timeout(10_000)
    .emitWithAck('message', { type, data, eid: randomUUID(), ts: Date.now() })
    .then((reply: ServerEnvelope) => {
      if (reply.error) throw new Error(`${type}: ${reply.error}`);
      return reply.data as Record<string, unknown>;
    });

const pushed = (socket: Socket, seatId: number, status: string) =>
  new Promise<void>((resolve) => {
    const listen = (message: ServerEnvelope) => {
      const seats = (message.data as { seats?: Array<{ id: number; status: string }> }).seats;
      if (
        message.type !== 'seats.changed' ||
        !seats?.some((seat) => seat.id === seatId && seat.status === status)
      )
        return;
      socket.off('message', listen);
      resolve();
    };
    socket.on('message', listen);
  });

const buyer = await signedInSocket();
const watcher = await connect();
await call(watcher, 'events.subscribe', { event_id: event.id });
let round = 0;

const results = [
  await measure('socket system.ping (baseline)', () => call(buyer, 'system.ping', {})),
  await measure('hold seen by a watcher, then release seen', async () => {
    const seatId = seatIds[round++ % seatIds.length]!;
    const held = pushed(watcher, seatId, 'held');
    const { hold } = (await call(buyer, 'seats.hold', {
      event_id: event.id,
      seat_ids: [seatId],
    })) as {
      hold: { id: string };
    };
    await held;
    const freed = pushed(watcher, seatId, 'available');
    await call(buyer, 'seats.release', { hold_id: hold.id });
    await freed;
  }),
];
printResults(results);
buyer.close();
watcher.close();
await bench.close();
