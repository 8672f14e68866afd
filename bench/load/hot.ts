// A hot hall: every user wants 4 of the same few seats at the same moment. In rounds:
// all users start together, each making up to `tries` attempts at 4 random seats it has
// not seen taken (a 409 names the taken ones) and stopping at its first 201; winners keep
// their seats. After each round SQL checks
// the table against the 201s (an oversell is a seat two 201s claimed, or one a 201
// claimed that another hold has); then the winners release and the next round starts.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Summary } from '../stats.js';
import { Recorder, args, call, connect, finish, type TargetInput } from './client.js';
import { fixtureUsers, holdIdOf, holdTarget, pick, takenSeats } from './targets.js';

const input = args<
  TargetInput & {
    users: number;
    seatIds: number[];
    /** Rounds run until this much time was spent in them (at least one). */
    durationMs: number;
    warmupRounds: number;
    tries: number;
    checkUrl: string;
    table: 'event_seats' | 'bench_event_seats';
  }
>();
const users = fixtureUsers(input.fixture, 0, input.users);
const pool = connect(input.base, input.users);
const target = holdTarget(input.kind, pool);
const db = new pg.Client({ connectionString: input.checkUrl });
await db.connect();
const recorder = new Recorder();
let attempts = 0;
let spentMs = 0;
let oversells = 0;
let unaccounted = 0;
let rounds = 0;

// Every connection open before the first round, so it does not time TCP handshakes.
await Promise.all(users.map(() => call(pool, 'GET', input.kind === 'seats' ? '/api/health' : '/')));

async function round(recording: boolean) {
  const wins: Array<{ user: (typeof users)[number]; holdId: string; seats: number[] }> = [];
  const started = performance.now();
  await Promise.all(
    users.map(async (user) => {
      const taken = new Set<number>();
      for (let attempt = 0; attempt < input.tries; attempt++) {
        const free = input.seatIds.filter((id) => !taken.has(id));
        if (!free.length) return;
        const seats = pick(free, 4);
        const answer = await target.hold(user, input.eventId, seats);
        if (recording) {
          attempts++;
          recorder.add('attempt', answer.ms);
        }
        if (answer.status === 201) {
          wins.push({ user, holdId: holdIdOf(answer), seats });
          return;
        }
        if (answer.body.error !== 'SEATS_UNAVAILABLE') {
          if (recording) recorder.error(answer);
          return;
        }
        const named = takenSeats(answer);
        for (const id of named.length ? named : seats) taken.add(id);
      }
    }),
  );
  if (recording) spentMs += performance.now() - started;
  const { rows } = await db.query<{ seat_id: number; hold_id: string }>(
    `SELECT seat_id, hold_id::text FROM ${input.table}
      WHERE event_id = $1 AND seat_id = ANY($2) AND status = 'held'`,
    [input.eventId, input.seatIds],
  );
  const holder = new Map(rows.map((row) => [row.seat_id, row.hold_id]));
  const claimed = new Map<number, number>();
  for (const win of wins)
    for (const seat of win.seats) {
      claimed.set(seat, (claimed.get(seat) ?? 0) + 1);
      if (holder.get(seat) !== win.holdId) oversells++;
    }
  for (const count of claimed.values()) oversells += count - 1;
  unaccounted += rows.filter((row) => !claimed.has(row.seat_id)).length;
  await Promise.all(
    wins.map(async (win) => {
      const released = await target.release(win.user, win.holdId);
      if (released.status !== 200) recorder.error(released);
    }),
  );
  if (recording) rounds++;
}

for (let i = 0; i < input.warmupRounds; i++) await round(false);
do await round(true);
while (spentMs < input.durationMs);
await db.end();
await pool.close();
export interface HotResult {
  attemptsPerSecond: number;
  rounds: number;
  attempts: number;
  oversells: number;
  unaccounted: number;
  latency: Record<string, Summary>;
  errors: Record<string, number>;
}
finish({
  attemptsPerSecond: attempts / (spentMs / 1000),
  rounds,
  attempts,
  oversells,
  unaccounted,
  latency: recorder.summary(),
  errors: recorder.errors,
} satisfies HotResult);
