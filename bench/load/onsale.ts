// An on-sale run: `buyers` people, `atOnce` of them shopping at any time, each with a
// bearer token of their own. A buyer gets the seat map (GET /api/events/:id/seats, gzip,
// If-None-Match with the last ETag they saw), picks 1–4 random free seats, or 1–4
// standing places (as often as standing places are among what is left), holds them,
// creates the booking and pays with the test card. SEATS_UNAVAILABLE sends them back to
// a fresh map for other places; a map with nothing left sends them home. Any other
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
  /** Standing places left, by section id. */
  standing: Map<number, number>;
}

async function seatMap(user: User, known: SeatMap | null): Promise<SeatMap> {
  const headers: Record<string, string> = { ...asUser(user), 'accept-encoding': 'gzip' };
  if (known) headers['if-none-match'] = known.etag;
  const answer = await call(pool, 'GET', mapPath, { headers });
  recorder.add('map', answer.ms);
  if (answer.status === 304 && known) return known;
  if (answer.status !== 200) throw answer;
  const text = answer.headers['content-encoding'] === 'gzip' ? gunzipSync(answer.raw) : answer.raw;
  const map = JSON.parse(text.toString()) as {
    seats: Array<{ id: number; status: string }>;
    sections: Array<{ id: number; kind: string; available: number }>;
  };
  return {
    etag: String(answer.headers.etag),
    free: map.seats.filter((seat) => seat.status === 'available').map((seat) => seat.id),
    standing: new Map(
      map.sections
        .filter((section) => section.kind === 'general_admission')
        .map((section) => [section.id, section.available]),
    ),
  };
}

type Wanted = { seat_ids: number[] } | { section_id: number; quantity: number };

/** 1–4 seats, or 1–4 standing places as often as they are among what is left; null: none. */
function choose(free: number[], standing: Map<number, number>): Wanted | null {
  const floors = [...standing].filter(([, left]) => left > 0);
  const standingLeft = floors.reduce((sum, [, left]) => sum + left, 0);
  if (!free.length && !standingLeft) return null;
  const count = 1 + Math.floor(Math.random() * 4);
  if (Math.random() * (free.length + standingLeft) < standingLeft) {
    const [sectionId, left] = pick(floors, 1)[0]!;
    return { section_id: sectionId, quantity: Math.min(count, left) };
  }
  return { seat_ids: pick(free, count) };
}

async function shop(user: User): Promise<void> {
  const post = (path: string, json: object) =>
    call(pool, 'POST', path, { headers: asUser(user), json });
  let map: SeatMap | null = null;
  const taken = new Set<number>();
  // What a refusal said is left on a floor, newer than a map kept by its ETag.
  const floorsLeft = new Map<number, number>();
  for (;;) {
    map = await seatMap(user, map);
    const standing = new Map(map.standing);
    for (const [id, left] of floorsLeft) standing.set(id, Math.min(left, standing.get(id) ?? 0));
    const wanted = choose(
      map.free.filter((id) => !taken.has(id)),
      standing,
    );
    if (!wanted) return;
    const held = await post('/api/bookings/hold-seats', { event_id: input.eventId, ...wanted });
    recorder.add('hold', held.ms);
    if (held.body.error === 'SEATS_UNAVAILABLE') {
      unavailable++;
      for (const id of takenSeats(held)) taken.add(id);
      const details = held.body.details as { section_id?: number; available?: number } | undefined;
      if (details?.section_id !== undefined)
        floorsLeft.set(details.section_id, details.available ?? 0);
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
    places += 'seat_ids' in wanted ? wanted.seat_ids.length : wanted.quantity;
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
