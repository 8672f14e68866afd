// An on-sale run: `buyers` people, `atOnce` of them shopping at any time, each with a
// bearer token of their own. A buyer gets the seat map (GET /api/events/:id/seats, gzip,
// If-None-Match with the last ETag they saw), picks 1–4 random free seats, holds them,
// creates the booking and pays with the test card. SEATS_UNAVAILABLE sends them back to
// a fresh map for other seats; a map with no free seat sends them home. Any other
// failure is counted by status/code and ends that buyer.
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import type { Pool } from 'undici';
import type { Summary } from '../stats.js';
import { Recorder, args, call, connect, finish } from './client.js';
import { asUser, fixtureUsers, holdIdOf, pick, takenSeats, type User } from './targets.js';

const input = args<{
  base: string;
  fixture: string;
  eventId: number;
  buyers: number;
  atOnce: number;
}>();
const users = fixtureUsers(input.fixture, 0, input.buyers);
const pool: Pool = connect(input.base, input.atOnce);
const recorder = new Recorder();
const mapPath = `/api/events/${input.eventId}/seats`;
let unavailable = 0;
let bookings = 0;
let places = 0;
let lastSaleAt = 0;

interface SeatMap {
  etag: string;
  free: number[];
}

async function seatMap(user: User, known: SeatMap | null): Promise<SeatMap> {
  const headers: Record<string, string> = { ...asUser(user), 'accept-encoding': 'gzip' };
  if (known) headers['if-none-match'] = known.etag;
  const answer = await call(pool, 'GET', mapPath, { headers });
  recorder.add('map', answer.ms);
  if (answer.status === 304 && known) return known;
  if (answer.status !== 200) throw answer;
  const text = answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.raw) : answer.raw;
  const map = JSON.parse(text.toString()) as { seats: Array<{ id: number; status: string }> };
  return {
    etag: String(answer.headers.etag),
    free: map.seats.filter((seat) => seat.status === 'available').map((seat) => seat.id),
  };
}

async function shop(user: User): Promise<void> {
  const post = (path: string, json: object) =>
    call(pool, 'POST', path, { headers: asUser(user), json });
  let map: SeatMap | null = null;
  const taken = new Set<number>();
  for (;;) {
    map = await seatMap(user, map);
    const free = map.free.filter((id) => !taken.has(id));
    if (!free.length) return;
    const seats = pick(free, 1 + Math.floor(Math.random() * 4));
    const held = await post('/api/bookings/hold-seats', {
      event_id: input.eventId,
      seat_ids: seats,
    });
    recorder.add('hold', held.ms);
    if (held.body.error === 'SEATS_UNAVAILABLE') {
      unavailable++;
      for (const id of takenSeats(held)) taken.add(id);
      continue;
    }
    if (held.status !== 201) throw held;
    const created = await post('/api/bookings/create', { hold_id: holdIdOf(held) });
    recorder.add('create', created.ms);
    if (created.status !== 201) throw created;
    const booking = created.body.booking as { id: string };
    const paid = await post(`/api/bookings/${booking.id}/confirm`, {
      payment: { provider: 'test', card_number: '4242 4242 4242 4242' },
    });
    recorder.add('confirm', paid.ms);
    if (paid.status !== 200) throw paid;
    bookings++;
    places += seats.length;
    lastSaleAt = performance.now();
    return;
  }
}

// From here: what came before (loading this script, reading the fixture) is not the run.
const cpuAtStart = process.cpuUsage();
const started = performance.now();
let nextBuyer = 0;
await Promise.all(
  Array.from({ length: input.atOnce }, async () => {
    while (nextBuyer < users.length) {
      const user = users[nextBuyer++]!;
      await shop(user).catch((failure: unknown) => {
        if (failure && typeof failure === 'object' && 'status' in failure)
          recorder.error(failure as { status: number; body: Record<string, unknown> });
        else recorder.error({ status: 0, body: { error: String(failure) } });
      });
    }
  }),
);
await pool.close();
const sellOutSeconds = (lastSaleAt - started) / 1000;
export interface OnSaleResult {
  buyers: number;
  bookings: number;
  places: number;
  sellOutSeconds: number;
  placesPerSecond: number;
  bookingsPerSecond: number;
  seatsUnavailable: number;
  errorCount: number;
  errors: Record<string, number>;
  latency: Record<string, Summary>;
  /** This process's own CPU time for the run. */
  cpuMs: number;
}
const cpu = process.cpuUsage(cpuAtStart);
finish({
  buyers: users.length,
  bookings,
  places,
  sellOutSeconds,
  placesPerSecond: places / sellOutSeconds,
  bookingsPerSecond: bookings / sellOutSeconds,
  seatsUnavailable: unavailable,
  errorCount: recorder.errorCount,
  errors: recorder.errors,
  latency: recorder.summary(),
  cpuMs: (cpu.user + cpu.system) / 1000,
} satisfies OnSaleResult);
