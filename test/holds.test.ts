import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildOnSaleEvent } from './support/factories.js';

describe('holds', () => {
  const app = useTestApp({ env: { HOLD_TTL_SECONDS: '2', HOLD_EXTENSION_SECONDS: '2' } });
  const customer = async () => {
    const agent = newAgent(app.current);
    const user = await signedInAs(agent);
    return { agent, user };
  };
  const hold = (agent: ReturnType<typeof newAgent>, body: object) =>
    agent.post('/api/bookings/hold-seats').send(body);

  it('needs a signed-in caller and valid input', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const visitor = await app.current
      .http()
      .post('/api/bookings/hold-seats')
      .send({ event_id: event.id, seat_ids: [seatIds[0]] });
    assert.equal(visitor.status, 401);
    const { agent } = await customer();
    const neither = await hold(agent, { event_id: event.id }).expect(400);
    assert.equal(neither.body.error, 'VALIDATION_FAILED');
    const half = await hold(agent, {
      event_id: event.id,
      seat_ids: [seatIds[0]],
      quantity: 2,
    }).expect(400);
    assert.ok(half.body.details.section_id, 'a quantity needs its section');
    const foreign = await hold(agent, { event_id: event.id, seat_ids: [999999] }).expect(400);
    assert.match(foreign.body.details.seat_ids, /not in this event: 999999/);
    const walkIn = await hold(agent, {
      event_id: event.id,
      seat_ids: [seatIds[0]],
      customer_name: 'Ann',
    }).expect(403);
    assert.equal(walkIn.body.error, 'FORBIDDEN');
  });

  it('takes all the seats or none, and names the ones that were not free', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const first = await customer();
    const second = await customer();
    const taken = await hold(first.agent, {
      event_id: event.id,
      seat_ids: seatIds.slice(0, 2),
    }).expect(201);
    assert.deepEqual(taken.body.hold.seat_ids, seatIds.slice(0, 2));
    assert.equal(taken.body.hold.extensions_left, 2);
    const refused = await hold(second.agent, {
      event_id: event.id,
      seat_ids: seatIds.slice(1, 4),
    }).expect(409);
    assert.equal(refused.body.error, 'SEATS_UNAVAILABLE');
    assert.deepEqual(refused.body.details.seat_ids, [seatIds[1]]);
    const [rows] = await testSequelize().query(
      `SELECT seat_id FROM event_seats WHERE event_id = ${event.id} AND status = 'held' ORDER BY seat_id`,
    );
    assert.deepEqual(
      rows.map((row) => (row as { seat_id: number }).seat_id),
      seatIds.slice(0, 2),
      'none of the three',
    );
    const status = await second.agent
      .get(`/api/bookings/hold-status?event_id=${event.id}`)
      .expect(200);
    assert.equal(status.body.hold, null);
    const mine = await first.agent
      .get(`/api/bookings/hold-status?event_id=${event.id}`)
      .expect(200);
    assert.equal(mine.body.hold.id, taken.body.hold.id);
    await second.agent.get(`/api/bookings/hold-status?hold_id=${taken.body.hold.id}`).expect(404);
  });

  it('grows one hold per user and event, up to max_per_order', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({ standing: 10, maxPerOrder: 4 });
    const { agent } = await customer();
    const a = await hold(agent, { event_id: event.id, seat_ids: [seatIds[0]] }).expect(201);
    const b = await hold(agent, { event_id: event.id, seat_ids: [seatIds[0], seatIds[1]] }).expect(
      201,
    );
    assert.equal(b.body.hold.id, a.body.hold.id, 'the same hold, grown');
    assert.equal(b.body.hold.expires_at, a.body.hold.expires_at, 'growing keeps the expiry');
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    const c = await hold(agent, { event_id: event.id, section_id: floor.id, quantity: 2 }).expect(
      201,
    );
    assert.deepEqual(c.body.hold.sections, [{ section_id: floor.id, quantity: 2 }]);
    const over = await hold(agent, { event_id: event.id, seat_ids: [seatIds[2]] }).expect(409);
    assert.equal(over.body.error, 'HOLD_LIMIT_EXCEEDED');
    assert.deepEqual(over.body.details, { max_per_order: 4, held: 4 });
  });

  it('never holds more standing places than are left', async () => {
    const { event, sections } = await buildOnSaleEvent({ standing: 5 });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    const first = await customer();
    await hold(first.agent, { event_id: event.id, section_id: floor.id, quantity: 3 }).expect(201);
    const second = await customer();
    const refused = await hold(second.agent, {
      event_id: event.id,
      section_id: floor.id,
      quantity: 3,
    }).expect(409);
    assert.deepEqual(refused.body.details, { section_id: floor.id, available: 2 });
    await hold(second.agent, { event_id: event.id, section_id: floor.id, quantity: 2 }).expect(201);
    const map = await app.current.http().get(`/api/events/${event.id}/seats`).expect(200);
    assert.equal(map.body.sections.find((s: { id: number }) => s.id === floor.id).available, 0);
  });

  it('releases some seats or the whole hold, and refuses holds on events not on sale', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const { agent } = await customer();
    const held = await hold(agent, { event_id: event.id, seat_ids: seatIds.slice(0, 3) }).expect(
      201,
    );
    const id = held.body.hold.id;
    const some = await agent
      .post('/api/bookings/release-seats')
      .send({ hold_id: id, seat_ids: [seatIds[0]] })
      .expect(200);
    assert.deepEqual(some.body.hold.seat_ids, seatIds.slice(1, 3));
    const all = await agent.post('/api/bookings/release-seats').send({ hold_id: id }).expect(200);
    assert.equal(all.body.hold.status, 'released');
    const [rows] = await testSequelize().query(
      `SELECT count(*)::int AS n FROM event_seats WHERE event_id = ${event.id} AND status <> 'available'`,
    );
    assert.equal((rows[0] as { n: number }).n, 0);
    await event.update({ status: 'cancelled' });
    const closed = await hold(agent, { event_id: event.id, seat_ids: [seatIds[0]] }).expect(409);
    assert.equal(closed.body.error, 'EVENT_NOT_ON_SALE');
  });

  it('stops counting an expired hold at once, before any sweeper; extends at most twice', async function () {
    this.timeout(30_000);
    const { event, seatIds, sections } = await buildOnSaleEvent({ standing: 2 });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    const first = await customer();
    const held = await hold(first.agent, { event_id: event.id, seat_ids: [seatIds[0]] }).expect(
      201,
    );
    await hold(first.agent, { event_id: event.id, section_id: floor.id, quantity: 2 }).expect(201);
    const extended = await first.agent
      .post('/api/bookings/extend-hold')
      .send({ hold_id: held.body.hold.id })
      .expect(200);
    assert.equal(extended.body.hold.extensions_left, 1);
    assert.ok(Date.parse(extended.body.hold.expires_at) > Date.parse(held.body.hold.expires_at));
    await first.agent
      .post('/api/bookings/extend-hold')
      .send({ hold_id: held.body.hold.id })
      .expect(200);
    const third = await first.agent
      .post('/api/bookings/extend-hold')
      .send({ hold_id: held.body.hold.id })
      .expect(409);
    assert.equal(third.body.error, 'HOLD_LIMIT_EXCEEDED');

    const second = await customer();
    await hold(second.agent, { event_id: event.id, seat_ids: [seatIds[0]] }).expect(409);
    await sleep(6_100); // 2 s TTL + two 2 s extensions
    const map = await app.current.http().get(`/api/events/${event.id}/seats`).expect(200);
    assert.equal(
      map.body.seats.find((seat: { id: number }) => seat.id === seatIds[0]).status,
      'available',
    );
    assert.equal(map.body.sections.find((s: { id: number }) => s.id === floor.id).available, 2);
    await hold(second.agent, { event_id: event.id, seat_ids: [seatIds[0]] }).expect(201);
    await hold(second.agent, { event_id: event.id, section_id: floor.id, quantity: 2 }).expect(201);
    const late = await first.agent
      .post('/api/bookings/extend-hold')
      .send({ hold_id: held.body.hold.id })
      .expect(410);
    assert.equal(late.body.error, 'HOLD_EXPIRED');
    const again = await hold(first.agent, { event_id: event.id, seat_ids: [seatIds[1]] }).expect(
      201,
    );
    assert.notEqual(again.body.hold.id, held.body.hold.id, 'a new hold replaces the expired one');
  });

  it('refuses a list where one value belongs, without touching the counts', async () => {
    const { event, sections, seatIds } = await buildOnSaleEvent({ standing: 20 });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    const { agent } = await customer();
    const listed = await hold(agent, {
      event_id: event.id,
      section_id: floor.id,
      quantity: [9],
    }).expect(400);
    assert.equal(listed.body.details.quantity, 'must be given once');
    const nested = await hold(agent, {
      event_id: event.id,
      sections: [{ section_id: floor.id, quantity: [2, 2] }],
    }).expect(400);
    assert.equal(nested.body.details['sections[0].quantity'], 'must be given once');
    const held = await hold(agent, { event_id: event.id, seat_ids: [seatIds[0]] }).expect(201);
    const release = await agent
      .post('/api/bookings/release-seats')
      .send({ hold_id: [held.body.hold.id, held.body.hold.id] })
      .expect(400);
    assert.equal(release.body.details.hold_id, 'must be given once');
    await agent
      .get(`/api/bookings/hold-status?hold_id=${held.body.hold.id}&hold_id=${held.body.hold.id}`)
      .expect(400);
    const none = await agent
      .post('/api/bookings/release-seats')
      .send({ hold_id: held.body.hold.id, seat_ids: [] })
      .expect(200);
    assert.deepEqual(none.body.hold.seat_ids, [seatIds[0]], 'an empty list releases nothing');
    const [rows] = await testSequelize().query(
      `SELECT held FROM event_sections WHERE event_id = ${event.id}`,
    );
    assert.equal((rows[0] as { held: number }).held, 0);
  });

  it('keeps a clerk’s walk-in customers apart', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const clerk = newAgent(app.current);
    await signedInAs(clerk, 'staff');
    await hold(clerk, { event_id: event.id, seat_ids: [seatIds[0]], customer_name: 'Ann' }).expect(
      201,
    );
    const second = await hold(clerk, {
      event_id: event.id,
      seat_ids: [seatIds[1]],
      customer_name: 'Bob',
    }).expect(409);
    assert.equal(second.body.error, 'INVALID_STATE');
    assert.match(second.body.message, /Ann is still open/);
    await hold(clerk, { event_id: event.id, seat_ids: [seatIds[1]], customer_name: 'Ann' }).expect(
      201,
    );
  });

  it('holds seats and standing places in one request, all or none', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({ standing: 3 });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    const { agent } = await customer();
    const refused = await hold(agent, {
      event_id: event.id,
      seat_ids: [seatIds[0], seatIds[1]],
      sections: [{ section_id: floor.id, quantity: 4 }],
    }).expect(409);
    assert.deepEqual(refused.body.details, { section_id: floor.id, available: 3 });
    const [rows] = await testSequelize().query(
      `SELECT count(*)::int AS n FROM event_seats WHERE event_id = ${event.id} AND status <> 'available'`,
    );
    assert.equal((rows[0] as { n: number }).n, 0, 'the seats were not kept either');
    const held = await hold(agent, {
      event_id: event.id,
      seat_ids: [seatIds[0], seatIds[1]],
      sections: [{ section_id: floor.id, quantity: 3 }],
    }).expect(201);
    assert.deepEqual(held.body.hold.seat_ids, [seatIds[0], seatIds[1]]);
    assert.deepEqual(held.body.hold.sections, [{ section_id: floor.id, quantity: 3 }]);
  });

  it('takes no more places once its booking waits for payment, and nothing is written', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({ standing: 10 });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    const { agent } = await customer();
    const first = await hold(agent, { event_id: event.id, seat_ids: [seatIds[0]] }).expect(201);
    const booking = await agent
      .post('/api/bookings/create')
      .send({ hold_id: first.body.hold.id })
      .expect(201);
    for (const more of [
      { seat_ids: [seatIds[1]] },
      { section_id: floor.id, quantity: 2 },
      { seat_ids: [seatIds[2]], section_id: floor.id, quantity: 1 },
    ]) {
      const refused = await hold(agent, { event_id: event.id, ...more }).expect(409);
      assert.equal(refused.body.error, 'INVALID_STATE');
      assert.equal(refused.body.details.booking_id, booking.body.booking.id);
    }
    const [rows] = await testSequelize().query(
      `SELECT seat_id FROM event_seats WHERE hold_id = :hold AND status = 'held'`,
      { replacements: { hold: first.body.hold.id } },
    );
    assert.deepEqual(rows, [{ seat_id: seatIds[0] }], 'the hold kept only what was booked');
    const [standing] = await testSequelize().query(
      'SELECT held FROM event_sections WHERE event_id = :event AND section_id = :section',
      { replacements: { event: event.id, section: floor.id } },
    );
    assert.deepEqual(standing, [{ held: 0 }]);
  });
});
