import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import http from 'node:http';
import type request from 'supertest';
import { startTestApp, testConfig, useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { bookingRulesOf } from '../app/core/config.js';
import { holdPlaces } from '../app/models/inventory/hold.js';
import { findMapEvent, SeatMapCache, statesOf } from '../app/models/seat-map.js';
import { buildOnSaleEvent, buildUser } from './support/factories.js';
import { holdSeats } from './support/holds.js';
import { statementsDuring } from './support/statements.js';

/** Holds a seat for a new user straight through the model: no push, no cache told. */
async function holdWithoutPush(eventId: number, seatId: number) {
  const user = await buildUser();
  await holdPlaces(
    { eventId, userId: user.id, request: { seatIds: [seatId], sections: [] }, coolsDown: true },
    bookingRulesOf(testConfig()),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('seat maps from cache', function () {
  this.timeout(30_000);
  // Every ask reads the version here; test/seat-map-revalidation.test.ts trusts it a while.
  const app = useTestApp({ env: { HOLD_TTL_SECONDS: '3', SEAT_VERSION_TRUST_MS: '0' } });
  const visitor = () => app.current.http();

  it('answers a revalidation, and a repeated read, with one indexed read of the event and version', async () => {
    const { event } = await buildOnSaleEvent({ rows: 10, perRow: 20 });
    const url = `/api/events/${event.id}/seats`;
    const first = await visitor().get(url).expect(200);
    const etag = first.headers.etag!;

    const revalidate = await statementsDuring(() =>
      visitor().get(url).set('If-None-Match', etag).expect(304),
    );
    assert.equal(revalidate.length, 1, revalidate.join('\n'));
    assert.match(revalidate[0]!, /FROM events e LEFT JOIN seat_map_versions/);
    const read = await statementsDuring(() => visitor().get(url).expect(200));
    assert.equal(read.length, 1, read.join('\n'));
  });

  it('reads the states again once the version moves, once for a rush of requests', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 2, perRow: 10 });
    const url = `/api/events/${event.id}/seats`;
    const before = await visitor().get(url).expect(200);
    const buyer = newAgent(app.current);
    await signedInAs(buyer);
    await holdSeats(buyer, event.id, [seatIds[3]!]);
    await app.current.realtime.idle();
    let answers: request.Response[] = [];
    const rush = await statementsDuring(async () => {
      answers = await Promise.all(Array.from({ length: 10 }, () => visitor().get(url)));
    });
    assert.equal(rush.filter((sql) => /json_agg\(seat_id\)/.test(sql)).length, 1, rush.join('\n'));
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.notEqual(answer.headers.etag, before.headers.etag);
      assert.equal(answer.body.version, before.body.version + 1);
      const seat = answer.body.seats.find((item: { id: number }) => item.id === seatIds[3]);
      assert.equal(seat.status, 'held');
    }
  });

  it('shows a hold as free the moment its time is up, with no sweep and no new version', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 1, perRow: 6, standing: 10 });
    const url = `/api/events/${event.id}/seats`;
    const buyer = newAgent(app.current);
    await signedInAs(buyer);
    await holdSeats(buyer, event.id, [seatIds[0]!]);
    await app.current.realtime.idle();
    const held = await visitor().get(url).expect(200);
    assert.equal(held.body.seats.find((s: { id: number }) => s.id === seatIds[0]).status, 'held');
    await sleep(3_100);
    const lapsed = await visitor().get(url).expect(200);
    assert.equal(lapsed.body.version, held.body.version, 'nothing pushed meanwhile');
    assert.equal(
      lapsed.body.seats.find((s: { id: number }) => s.id === seatIds[0]).status,
      'available',
    );
  });

  it('shows a change whose push never went out within two seconds', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 1, perRow: 6 });
    const url = `/api/events/${event.id}/seats`;
    await visitor().get(url).expect(200);
    // As if the process that held it had died between its commit and its push.
    await holdWithoutPush(event.id, seatIds[2]!);
    await sleep(2_100);
    const later = await visitor().get(url).expect(200);
    assert.equal(later.body.seats.find((s: { id: number }) => s.id === seatIds[2]).status, 'held');
  });

  it('sends the gzipped body it made once, and plain JSON to clients that do not take gzip', async () => {
    const { event } = await buildOnSaleEvent({ rows: 10, perRow: 20 });
    const url = `${app.current.baseUrl}/api/events/${event.id}/seats`;
    const zipped = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(zipped.headers.get('content-encoding'), 'gzip');
    assert.match(zipped.headers.get('vary') ?? '', /Accept-Encoding/i);
    const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers.get('content-encoding'), null);
    const text = await plain.text();
    assert.equal(JSON.parse(text).seats.length, 200);
    const raw = await new Promise<Buffer>((resolve, reject) =>
      http
        .get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        })
        .on('error', reject),
    );
    assert.equal(gunzipSync(raw).toString(), text, 'the same answer, gzipped');
  });

  it('shows this process its own change at once, before the change set moves the version', async () => {
    const slow = await startTestApp({ env: { SEAT_FEED_WINDOW_MS: '1000' } });
    try {
      const { event, seatIds } = await buildOnSaleEvent({ rows: 1, perRow: 6 });
      const url = `/api/events/${event.id}/seats`;
      const buyer = newAgent(slow);
      await signedInAs(buyer);
      // A first change goes out at once; the next waits out the 1 s window.
      await holdSeats(buyer, event.id, [seatIds[0]!]);
      await slow.realtime.idle();
      const before = await slow.http().get(url).expect(200);
      await holdSeats(buyer, event.id, [seatIds[1]!]);
      const after = await slow.http().get(url).expect(200);
      assert.equal(after.body.version, before.body.version, 'its change set is still waiting');
      assert.equal(
        after.body.seats.find((s: { id: number }) => s.id === seatIds[1]).status,
        'held',
      );
    } finally {
      await slow.close();
    }
  });

  it('never hands a caller that came after this process changed the map a read from before', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 1, perRow: 6 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    // The first read of the states is held back after it has read them, as a busy pool
    // would hold it.
    const cache = new SeatMapCache(async (eventId) => {
      const states = await statesOf(eventId);
      if (++reads === 1) await gate;
      return states;
    });
    const mapEvent = (await findMapEvent(event.id))!;
    const before = cache.get(mapEvent);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await holdWithoutPush(event.id, seatIds[1]!);
    cache.forget(event.id);
    const after = cache.get(mapEvent);
    release();
    const status = async (map: Promise<{ seats: readonly { id: number; status: string }[] }>) =>
      (await map).seats.find((seat) => seat.id === seatIds[1])!.status;
    assert.equal(await status(before), 'available', 'the caller from before may have its read');
    assert.equal(await status(after), 'held', 'the caller from after never gets the old read');
  });
  it('reads the layout of a map it does not keep yet once for a rush of callers', async () => {
    const { event } = await buildOnSaleEvent({ rows: 4, perRow: 10 });
    const cache = new SeatMapCache();
    const mapEvent = (await findMapEvent(event.id))!;
    let maps: Array<{ seats: readonly unknown[] }> = [];
    const rush = await statementsDuring(async () => {
      maps = await Promise.all(Array.from({ length: 20 }, () => cache.get(mapEvent)));
    });
    assert.equal(rush.filter((sql) => /'seats', COALESCE/.test(sql)).length, 1, rush.join('\n'));
    assert.equal(rush.filter((sql) => /json_agg\(seat_id\)/.test(sql)).length, 1, rush.join('\n'));
    assert.equal(new Set(maps).size, 1, 'one map for all of them');
    assert.equal(maps[0]!.seats.length, 40);
  });
});
