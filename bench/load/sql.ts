// SQL statements per request, counted by PostgreSQL: the server under test connects as a
// role of its own, and pg_stat_statements' calls for that role are read (by this process,
// as another role) before and after each request, one request at a time. Each read waits
// `settleMs` after the answer, so work a request leaves behind (the seat feed reads the
// change set 15 ms after a hold commits) is counted with it. One unmeasured request of
// each kind goes first, so once-a-minute work (a token's last use) is not counted.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { args, call, connect, finish, type Answer, type TargetInput } from './client.js';
import { asUser, fixtureUsers, holdIdOf, holdTarget } from './targets.js';

const input = args<
  TargetInput & {
    user: number;
    /** Seats to use, four per request that needs them. */
    seatIds: number[];
    requests: number;
    countUrl: string;
    roleOid: number;
    settleMs: number;
  }
>();
const [user] = fixtureUsers(input.fixture, input.user, input.user + 1);
const pool = connect(input.base, 1);
const target = holdTarget(input.kind, pool);
const db = new pg.Client({ connectionString: input.countUrl });
await db.connect();

/** Calls so far per statement (pg_stat_statements' normalised text) of the counted role. */
const statements = async () => {
  await sleep(input.settleMs);
  const { rows } = await db.query<{ query: string; calls: string }>(
    'SELECT query, calls FROM pg_stat_statements WHERE userid = $1',
    [input.roleOid],
  );
  return new Map(rows.map((row) => [row.query, Number(row.calls)]));
};
const counts: Record<string, number[]> = {};
/** The statements of the last counted request of each kind, with how often each ran. */
const breakdown: Record<string, Record<string, number>> = {};
/** Runs `request`, counting its statements unless `warm`; answers its answer. */
async function counted(name: string, request: () => Promise<Answer>, warm: boolean) {
  const before = await statements();
  const answer = await request();
  const after = await statements();
  if (answer.status >= 400)
    throw new Error(`${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
  if (warm) return answer;
  const ran: Record<string, number> = {};
  for (const [query, calls] of after) {
    const delta = calls - (before.get(query) ?? 0);
    const text = query.replace(/\s+/g, ' ').slice(0, 160);
    if (delta) ran[text] = (ran[text] ?? 0) + delta;
  }
  (counts[name] ??= []).push(Object.values(ran).reduce((sum, calls) => sum + calls, 0));
  breakdown[name] = ran;
  return answer;
}

let next = 0;
const fourSeats = () => {
  const seats = input.seatIds.slice(next, next + 4);
  next += 4;
  if (seats.length < 4) throw new Error('not enough seats for the SQL count');
  return seats;
};
const post = (path: string, json: object) =>
  call(pool, 'POST', path, { headers: asUser(user!), json });

for (let i = 0; i <= input.requests; i++) {
  const warm = i === 0;
  const held = await counted('hold', () => target.hold(user!, input.eventId, fourSeats()), warm);
  await counted('release', () => target.release(user!, holdIdOf(held)), warm);
  if (input.kind === 'bare') continue;
  const hold = await target.hold(user!, input.eventId, fourSeats());
  const created = await counted(
    'create',
    () => post('/api/bookings/create', { hold_id: holdIdOf(hold) }),
    warm,
  );
  const booking = created.body.booking as { id: string };
  await counted(
    'confirm',
    () =>
      post(`/api/bookings/${booking.id}/confirm`, {
        payment: { provider: 'test', card_number: '4242 4242 4242 4242' },
      }),
    warm,
  );
  // system.ping reads nothing itself, so its statements are the bearer token's alone.
  await counted(
    'auth',
    () => call(pool, 'GET', '/api/system/ping?echo=bench', { headers: asUser(user!) }),
    warm,
  );
  await counted('me', () => call(pool, 'GET', '/api/auth/me', { headers: asUser(user!) }), warm);
  const map = await call(pool, 'GET', `/api/events/${input.eventId}/seats`);
  await counted(
    'notModified',
    async () => {
      const answer = await call(pool, 'GET', `/api/events/${input.eventId}/seats`, {
        headers: { 'if-none-match': String(map.headers.etag) },
      });
      if (answer.status !== 304) throw new Error(`expected 304, got ${answer.status}`);
      return answer;
    },
    warm,
  );
}
await db.end();
await pool.close();
export interface SqlResult {
  counts: Record<string, number[]>;
  breakdown: Record<string, Record<string, number>>;
}
finish({ counts, breakdown } satisfies SqlResult);
