import assert from 'node:assert/strict';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildOnSaleEvent, buildUser } from './support/factories.js';
import { lockPlaces } from '../app/models/inventory/locks.js';

// The inventory's one-statement hold under contention: what one request waits for, and
// what it answers when a seat stays locked (docs/booking.md).
describe('the inventory under contention', function () {
  this.timeout(30_000);
  const app = useTestApp();
  const hold = (agent: ReturnType<typeof newAgent>, body: object) =>
    agent.post('/api/bookings/hold-seats').send(body);

  /** Keeps an event's seat row locked, as a payment in progress does, until released. */
  async function lockSeat(eventId: number, seatId: number) {
    const transaction = await testSequelize().transaction();
    await testSequelize().query(
      'SELECT 1 FROM event_seats WHERE event_id = :eventId AND seat_id = :seatId FOR UPDATE',
      { replacements: { eventId, seatId }, transaction },
    );
    return () => transaction.rollback();
  }

  it('does not make customers behind one address wait for each other’s seats', async () => {
    const first = await buildOnSaleEvent();
    const second = await buildOnSaleEvent();
    const [alice, bob] = [newAgent(app.current), newAgent(app.current)];
    for (const agent of [alice, bob]) agent.set('X-Forwarded-For', '198.51.100.7');
    await signedInAs(alice);
    await signedInAs(bob);
    const release = await lockSeat(first.event.id, first.seatIds[0]!);
    const waiting = hold(alice, { event_id: first.event.id, seat_ids: [first.seatIds[0]] });
    const waited = waiting.then((res) => res.status);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await hold(bob, { event_id: second.event.id, seat_ids: [second.seatIds[0]] }).expect(201);
    const took = Date.now() - started;
    await release();
    assert.equal(await waited, 201);
    assert.ok(took < 1_000, `Bob waited ${took} ms for Alice's seat`);
  });

  it('lets two first holds of one clerk share a seat: both grow one hold', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const clerk = newAgent(app.current);
    await signedInAs(clerk, 'staff');
    const release = await lockSeat(event.id, seatIds[0]!);
    const both = Promise.all([
      hold(clerk, { event_id: event.id, seat_ids: [seatIds[0], seatIds[1]] }),
      hold(clerk, { event_id: event.id, seat_ids: [seatIds[0], seatIds[2]] }),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await release();
    const answers = await both;
    assert.deepEqual(
      answers.map((res) => res.status),
      [201, 201],
      JSON.stringify(answers.map((res) => res.body)),
    );
    assert.equal(answers[0]!.body.hold.id, answers[1]!.body.hold.id);
    assert.equal(answers[1]!.body.hold.seat_ids.length + answers[0]!.body.hold.seat_ids.length, 5);
  });

  it('refuses a seat locked past the lock timeout with SEATS_UNAVAILABLE, not an error', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const buyer = newAgent(app.current);
    await signedInAs(buyer);
    const release = await lockSeat(event.id, seatIds[0]!);
    try {
      const res = await hold(buyer, { event_id: event.id, seat_ids: [seatIds[0]] });
      assert.equal(res.status, 409, res.text);
      assert.equal(res.body.error, 'SEATS_UNAVAILABLE');
      assert.equal(res.body.details.retry_after_s, 1);
    } finally {
      await release();
    }
    // Nothing of it was written: the buyer has no hold.
    const [row] = (await testSequelize().query(
      "SELECT count(*)::int AS holds FROM holds WHERE event_id = :id AND status = 'active'",
      { replacements: { id: event.id }, plain: false },
    )) as unknown as [[{ holds: number }]];
    assert.equal(row[0]!.holds, 0);
  });

  it('gives the caller’s lock timeout back once its locks are taken', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    await testSequelize().transaction(async (transaction) => {
      const timeout = async () =>
        (
          (await testSequelize().query('SHOW lock_timeout', { plain: true, transaction })) as {
            lock_timeout: string;
          }
        ).lock_timeout;
      const before = await timeout();
      await lockPlaces(event.id, { seatIds: [seatIds[0]!] }, transaction);
      assert.equal(await timeout(), before);
    });
    await assert.rejects(
      lockPlaces(event.id, { seatIds: [seatIds[0]!] }, undefined),
      /transaction/,
    );
  });

  it('answers a grown hold with the seats it has after waiting, not those it had before', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const [first, second] = [await buildUser(), await buildUser()];
    /** hold_places as Seats calls it, with a hold time of `ttl` seconds. */
    const holdPlaces = async (userId: number, seatId: number, ttl: number) =>
      (
        (await testSequelize().query(
          `SELECT hold_places(:eventId, :userId, NULL, ARRAY[:seatId]::int[], '[]', 0, :ttl, '[]') AS result`,
          { plain: true, replacements: { eventId: event.id, userId, seatId, ttl } },
        )) as { result: { seat_ids?: number[]; refused?: string } }
      ).result;
    await holdPlaces(first.id, seatIds[0]!, 1);
    // The first user's hold grows while it is still live, then waits for a locked seat;
    // meanwhile it runs out and its first seat goes to someone else.
    const release = await lockSeat(event.id, seatIds[1]!);
    const grown = holdPlaces(first.id, seatIds[1]!, 600);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    assert.deepEqual((await holdPlaces(second.id, seatIds[0]!, 600)).seat_ids, [seatIds[0]]);
    await release();
    assert.deepEqual((await grown).seat_ids, [seatIds[1]]);
  });

  it('counts an attempt counter named twice in one hold twice', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const user = await buildUser();
    const key = `twice:${user.id}`;
    const attempt = { key, points: 100, duration: 60 };
    await testSequelize().query(
      `SELECT hold_places(:eventId, :userId, NULL, ARRAY[:seatId]::int[], '[]', 0, 600, :attempts::jsonb)`,
      {
        replacements: {
          eventId: event.id,
          userId: user.id,
          seatId: seatIds[0]!,
          attempts: JSON.stringify([attempt, attempt]),
        },
      },
    );
    const row = (await testSequelize().query('SELECT points FROM rate_limits WHERE key = :key', {
      plain: true,
      replacements: { key },
    })) as { points: number };
    assert.equal(row.points, 2);
  });

  it('answers an event id no PostgreSQL integer can be with a validation error', async () => {
    const buyer = newAgent(app.current);
    await signedInAs(buyer);
    const res = await hold(buyer, { event_id: 2_147_483_648, seat_ids: [1] }).expect(400);
    assert.equal(res.body.error, 'VALIDATION_FAILED');
  });
});
