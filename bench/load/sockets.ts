// Live seat maps at scale. `count` sockets connect, then all subscribe at once (Seats:
// `events.subscribe`, answered with the whole map's snapshot; bare: `join`, answered with
// an ack), timed until the last answer. Then the bench reads the server's memory while
// the sockets sit idle, and writes a line; then `pushes` times a change is made over HTTP
// (Seats: a 4-seat hold with a bearer token; bare: POST /broadcast) and the delay to each
// socket's `seats.changed` naming the seat is timed: from Seats' 201, from the bare
// trigger's request. Seats' holds are released after each push, and that push awaited
// too, so pushes never overlap.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { args, call, connect, finish, nextLine, phase, type TargetInput } from './client.js';
import { summarize, type Summary } from '../stats.js';
import { asUser, fixtureUsers, holdIdOf } from './targets.js';

const input = args<
  TargetInput & {
    /** The fixture user who holds (Seats only). */
    user: number;
    count: number;
    pushes: number;
    /** Groups of four seats to hold, one per push. */
    seatIds: number[];
  }
>();
const [user] = fixtureUsers(input.fixture, input.user, input.user + 1);

interface Envelope {
  type: string;
  data: { seats?: Array<{ id: number; status: string }> } & Record<string, unknown>;
  error?: string;
}
type Listener = (socket: number, message: Envelope, at: number) => void;
const listeners = new Set<Listener>();

const connectStarted = performance.now();
const sockets = await Promise.all(
  Array.from(
    { length: input.count },
    (_, index) =>
      new Promise<Socket>((resolve, reject) => {
        const socket = io(input.base, { transports: ['websocket'], forceNew: true });
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
        socket.on('message', (message: Envelope) => {
          const at = performance.timeOrigin + performance.now();
          for (const listen of listeners) listen(index, message, at);
        });
      }),
  ),
);
const connectMs = performance.now() - connectStarted;

const type = input.kind === 'seats' ? 'events.subscribe' : 'join';
const subscribeStarted = performance.now();
const replies = await Promise.all(
  sockets.map((socket) =>
    socket
      .timeout(60_000)
      .emitWithAck('message', {
        type,
        data: { event_id: input.eventId },
        eid: randomUUID(),
        ts: Date.now(),
      })
      .then((reply: Envelope) => {
        if (reply.error) throw new Error(`${type}: ${reply.error}`);
        return reply;
      }),
  ),
);
const subscribeMs = performance.now() - subscribeStarted;
// Measured once, after the clock: encoding each of 500 snapshots again here took this
// process (on the same cores as the server) a fifth of the time being measured.
const snapshotText = JSON.stringify(['message', replies[0]]);
const snapshotBytes = snapshotText.length;
// What the protocol asks of any client before a single seat is drawn: each socket gets
// the snapshot twice (the "message" and the ack, docs/api.md), and decoding them all is
// JSON.parse of that text, 2 × count times, on this process's one core.
const decodeStarted = performance.now();
for (let i = 0; i < 2 * sockets.length; i++) JSON.parse(snapshotText);
const decodeMs = performance.now() - decodeStarted;
phase('subscribed', { connectMs, subscribeMs, decodeMs });
await nextLine(); // the bench has read the server's memory

const pool = connect(input.base, 1);
/** Each socket's receipt time of the first push naming `seatId` as `status`, and its size. */
function receipts(seatId: number, status: string, timeoutMs = 10_000) {
  const times = new Map<number, number>();
  let bytes = 0;
  const done = new Promise<number[]>((resolve) => {
    const listen: Listener = (socket, message, at) => {
      const hit =
        message.type === 'seats.changed' &&
        message.data.seats?.some((seat) => seat.id === seatId && seat.status === status);
      if (!hit || times.has(socket)) return;
      times.set(socket, at);
      bytes ||= JSON.stringify(message).length;
      if (times.size === sockets.length) stop();
    };
    const timer = setTimeout(() => stop(), timeoutMs);
    const stop = () => {
      clearTimeout(timer);
      listeners.delete(listen);
      resolve([...times.values()]);
    };
    listeners.add(listen);
  });
  return { done, bytes: () => bytes };
}

const delays: number[] = [];
let missing = 0;
let pushBytes = 0;
const groups = Math.floor(input.seatIds.length / 4);
for (let push = 0; push < input.pushes; push++) {
  const seats = input.seatIds.slice((push % groups) * 4, (push % groups) * 4 + 4);
  const seen = receipts(seats[0]!, 'held');
  const sentAt = performance.timeOrigin + performance.now();
  const answer =
    input.kind === 'seats'
      ? await call(pool, 'POST', '/api/bookings/hold-seats', {
          headers: asUser(user!),
          json: { event_id: input.eventId, seat_ids: seats },
        })
      : await call(pool, 'POST', '/broadcast', {
          json: { event_id: input.eventId, seat_ids: seats },
        });
  if (answer.status !== 201)
    throw new Error(`push ${push}: ${answer.status} ${JSON.stringify(answer.body)}`);
  const times = await seen.done;
  pushBytes = seen.bytes();
  missing += sockets.length - times.length;
  // Seats: from the 201's arrival, when the buyer knows the seats are theirs; the bare
  // server pushes before it answers, so from the moment its trigger was sent.
  const from = input.kind === 'seats' ? answer.at : sentAt;
  for (const at of times) delays.push(at - from);
  if (input.kind === 'seats') {
    const freed = receipts(seats[0]!, 'available');
    await call(pool, 'POST', '/api/bookings/release-seats', {
      headers: asUser(user!),
      json: { hold_id: holdIdOf(answer) },
    });
    await freed.done;
  }
}
await pool.close();
for (const socket of sockets) socket.close();
export interface SocketsResult {
  connectMs: number;
  subscribeMs: number;
  /** The client's JSON.parse of every snapshot it received (Seats; bare: its acks). */
  decodeMs: number;
  snapshotBytes: number | undefined;
  pushBytes: number;
  missing: number;
  delay: Summary;
}
finish({
  connectMs,
  subscribeMs,
  decodeMs,
  snapshotBytes,
  pushBytes,
  missing,
  delay: summarize(delays),
} satisfies SocketsResult);
