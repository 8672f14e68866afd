import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PAYMENT_PROVIDERS } from '../app/models/payment-providers.js';
import { sweepExpired } from '../app/models/sweeper.js';
import { useTestApp } from './support/app.js';
import { newAgent, sessionCookie, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildOnSaleEvent, buildUser } from './support/factories.js';
import { nextMessage, request, useSockets } from './support/socket.js';

const rows = async (sql: string) =>
  (await testSequelize().query(sql))[0] as Array<Record<string, unknown>>;

describe('the sweeper', () => {
  const app = useTestApp({
    env: { HOLD_TTL_SECONDS: '1', PAYMENT_WINDOW_SECONDS: '1', SWEEP_INTERVAL_MS: '200' },
  });
  const connect = useSockets(app);

  it('frees expired holds, expires unpaid bookings, and tells the owner and the watchers', async function () {
    this.timeout(20_000);
    const { event, seatIds } = await buildOnSaleEvent();
    const agent = newAgent(app.current);
    await signedInAs(agent);
    const owner = await connect({ cookie: sessionCookie(agent) });
    const watcher = await connect();
    await request(watcher, 'events.subscribe', { event_id: event.id });
    const hold = (
      await agent
        .post('/api/bookings/hold-seats')
        .send({ event_id: event.id, seat_ids: [seatIds[0]] })
        .expect(201)
    ).body.hold;
    const booking = (
      await agent.post('/api/bookings/create').send({ hold_id: hold.id }).expect(201)
    ).body.booking;

    const expired = nextMessage(owner, (message) => message.type === 'holds.expired', 10_000);
    const freed = nextMessage(
      watcher,
      (message) =>
        message.type === 'seats.changed' &&
        (message.data as { seats: Array<{ id: number; status: string }> }).seats.some(
          (seat) => seat.id === seatIds[0] && seat.status === 'available',
        ),
      10_000,
    );
    assert.deepEqual((await expired).data, { hold_id: hold.id });
    await freed;
    await sleep(600);
    const [seat] = await rows(
      `SELECT status, hold_id FROM event_seats WHERE seat_id = ${seatIds[0]}`,
    );
    assert.deepEqual(seat, { status: 'available', hold_id: null }, 'the row itself is free again');
    const [after] = await rows(`SELECT status FROM bookings WHERE id = '${booking.id}'`);
    assert.equal(after!.status, 'expired');
  });
});

describe('the sweeper and refunds', () => {
  const app = useTestApp({ env: { HOLD_TTL_SECONDS: '1', SWEEP_INTERVAL_MS: '200' } });
  const connect = useSockets(app);

  it('settles refunds still owed, one at a time, and one the provider refuses holds up nothing', async function () {
    this.timeout(20_000);
    const { event, seatIds } = await buildOnSaleEvent();
    const paid = [];
    for (const seatId of seatIds.slice(0, 2)) {
      const agent = newAgent(app.current);
      await signedInAs(agent);
      const hold = (
        await agent
          .post('/api/bookings/hold-seats')
          .send({ event_id: event.id, seat_ids: [seatId] })
          .expect(201)
      ).body.hold;
      await agent.post('/api/bookings/extend-hold').send({ hold_id: hold.id }).expect(200);
      const booking = (
        await agent.post('/api/bookings/create').send({ hold_id: hold.id }).expect(201)
      ).body.booking;
      await agent
        .post(`/api/bookings/${booking.id}/confirm`)
        .send({ payment: { provider: 'test', card_number: '4242424242424242' } })
        .expect(200);
      paid.push({ agent, booking });
    }
    const provider = PAYMENT_PROVIDERS.get('test')!;
    const refund = provider.refund;
    // The provider refuses the first booking's refund, every time; the second's fails once.
    const refused = new Set<string>();
    provider.refund = async (charge, amount, key) => {
      if (refused.has(key) || key === `refund-${first}`) throw new Error('provider says no');
      refused.add(key);
      throw new Error('provider busy');
    };
    let first = 0;
    try {
      for (const { agent, booking } of paid)
        await agent.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(200);
      const [owed] = await testSequelize().query(
        "SELECT id FROM payments WHERE status = 'pending' ORDER BY id",
      );
      first = (owed as Array<{ id: number }>)[0]!.id;
      assert.equal(owed.length, 2);
      // Meanwhile a hold expires: its owner is still told, whatever the refunds do.
      const agent = newAgent(app.current);
      await signedInAs(agent);
      const owner = await connect({ cookie: sessionCookie(agent) });
      const expired = nextMessage(owner, (message) => message.type === 'holds.expired', 10_000);
      await agent
        .post('/api/bookings/hold-seats')
        .send({ event_id: event.id, seat_ids: [seatIds[5]] })
        .expect(201);
      await expired;
      provider.refund = async (charge, amount, key) => {
        if (key === `refund-${first}`) throw new Error('provider says no');
        return refund(charge, amount, key);
      };
      for (let tries = 0; tries < 50; tries++) {
        const [left] = await testSequelize().query(
          "SELECT id FROM payments WHERE status = 'pending'",
        );
        if (left.length === 1) break;
        await sleep(100);
      }
      const [left] = await testSequelize().query(
        "SELECT id FROM payments WHERE status = 'pending'",
      );
      assert.deepEqual(
        (left as Array<{ id: number }>).map((row) => row.id),
        [first],
        'the second was settled behind the first',
      );
    } finally {
      provider.refund = refund;
    }
  });
});

describe('sweepers in parallel', () => {
  useTestApp();

  it('lets several sweepers run at once without ending anything twice', async function () {
    this.timeout(20_000);
    const { event, seatIds } = await buildOnSaleEvent({ rows: 4, perRow: 10 });
    const users = await Promise.all(Array.from({ length: 20 }, () => buildUser()));
    await testSequelize().query(`
      INSERT INTO holds (id, event_id, user_id, expires_at)
      SELECT gen_random_uuid(), ${event.id}, id, now() - interval '1 second'
        FROM users WHERE id IN (${users.map((user) => user.id).join(', ')});
      UPDATE event_seats es SET status = 'held', hold_id = h.id, held_until = h.expires_at
        FROM (SELECT id, expires_at, row_number() OVER (ORDER BY id) AS n FROM holds WHERE event_id = ${event.id}) h
       WHERE es.event_id = ${event.id} AND es.seat_id = (${seatIds[0]} - 1 + h.n::int);
    `);
    const results = await Promise.all([
      sweepExpired(),
      sweepExpired(),
      sweepExpired(),
      sweepExpired(),
    ]);
    const ended = results.flatMap((result) => result.holds.map((hold) => hold.id));
    assert.equal(ended.length, 20, 'each hold ended once');
    assert.equal(new Set(ended).size, 20);
    const [left] = await rows(
      `SELECT count(*)::int AS n FROM event_seats WHERE event_id = ${event.id} AND status <> 'available'`,
    );
    assert.equal(left!.n, 0);
  });
});
