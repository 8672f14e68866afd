import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryTypes } from 'sequelize';
import type TestAgent from 'supertest/lib/agent.js';
import type { Role } from '../app/shared/types.js';
import { dropUnpaidBooking } from '../app/models/booking-lifecycle.js';
import { lockBooking } from '../app/models/booking-rows.js';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildOnSaleEvent } from './support/factories.js';

// Anti-hoarding: a few accounts must not keep an event off sale by holding, releasing
// and holding again, nor book across currencies.
describe('hoarding and mixed currencies', () => {
  const app = useTestApp({
    env: {
      HOLD_TTL_SECONDS: '1',
      HOLD_COOLDOWN_SECONDS: '2',
      HOLD_ATTEMPTS_PER_MINUTE: '6',
      HOLD_ATTEMPTS_PER_ADDRESS_PER_MINUTE: '8',
    },
  });
  let clients = 0;
  const buyer = async (role: Role = 'customer') => {
    const agent = newAgent(app.current).set('X-Forwarded-For', `203.0.113.${++clients}`);
    await signedInAs(agent, role);
    return agent;
  };
  /** A customer signed in from `address`, which others may share (a NAT). */
  const behind = async (address: string) => {
    const agent = newAgent(app.current).set('X-Forwarded-For', address);
    await signedInAs(agent);
    return agent;
  };
  const lockedBooking = (id: string) =>
    testSequelize().transaction((transaction) => lockBooking(id, transaction));
  const hold = (agent: TestAgent, eventId: number, seatIds: number[]) =>
    agent.post('/api/bookings/hold-seats').send({ event_id: eventId, seat_ids: seatIds });

  it('makes whoever released seats wait before taking them back, while others may take them at once', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const hoarder = await buyer();
    const held = (await hold(hoarder, event.id, seatIds.slice(0, 2)).expect(201)).body.hold;
    await hoarder.post('/api/bookings/release-seats').send({ hold_id: held.id }).expect(200);
    const again = await hold(hoarder, event.id, seatIds.slice(0, 2)).expect(409);
    assert.equal(again.body.error, 'SEATS_UNAVAILABLE');
    assert.deepEqual(again.body.details.seat_ids, seatIds.slice(0, 2));
    assert.ok(again.body.details.retry_after_s >= 1 && again.body.details.retry_after_s <= 2);
    await hold(hoarder, event.id, [seatIds[2]!]).expect(201); // other seats are fine
    const other = await buyer();
    await hold(other, event.id, [seatIds[0]!]).expect(201);
    await sleep(2100);
    await hold(hoarder, event.id, [seatIds[1]!]).expect(201);
  });

  it('counts the wait from the moment a lapsed hold ran out', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const hoarder = await buyer();
    await hold(hoarder, event.id, [seatIds[0]!]).expect(201);
    await sleep(2500); // it ran out 1.5 s ago; the cool-down is 2 s from then
    const lapsed = await hold(hoarder, event.id, [seatIds[0]!]).expect(409);
    assert.match(lapsed.body.message, /others get a turn first/);
    assert.equal(lapsed.body.details.retry_after_s, 1);
    await sleep(600);
    await hold(hoarder, event.id, [seatIds[0]!]).expect(201);
  });

  it('makes the same wait for standing places let go, released or lapsed', async () => {
    const { event, sections } = await buildOnSaleEvent({ standing: 20 });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    const standing = (agent: TestAgent) =>
      agent
        .post('/api/bookings/hold-seats')
        .send({ event_id: event.id, section_id: floor.id, quantity: 5 });
    const hoarder = await buyer();
    const held = (await standing(hoarder).expect(201)).body.hold;
    await hoarder.post('/api/bookings/release-seats').send({ hold_id: held.id }).expect(200);
    const again = await standing(hoarder).expect(409);
    assert.equal(again.body.details.section_id, floor.id);
    assert.ok(again.body.details.retry_after_s >= 1);
    await standing(await buyer()).expect(201); // others may
    const lapser = await buyer();
    await standing(lapser).expect(201);
    await sleep(1100);
    await standing(lapser).expect(409);
    const clerk = await buyer('staff');
    for (let i = 0; i < 2; i++) {
      const walkIn = (
        await clerk
          .post('/api/bookings/hold-seats')
          .send({ event_id: event.id, section_id: floor.id, quantity: 1, customer_name: `W${i}` })
          .expect(201)
      ).body.hold;
      await clerk.post('/api/bookings/release-seats').send({ hold_id: walkIn.id }).expect(200);
    }
  });

  it('lets a customer whose coupon ran out, and whose hold ran out too, take the seats again at once', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    await testSequelize().query(
      "INSERT INTO coupons (code, kind, amount, usage_limit) VALUES ('ONCE', 'percent', 10, 1)",
    );
    const [first, second] = [await buyer(), await buyer()];
    const checkout = async (agent: TestAgent, seat: number) => {
      const held = (await hold(agent, event.id, [seat]).expect(201)).body.hold;
      return (
        await agent
          .post('/api/bookings/create')
          .send({ hold_id: held.id, coupon: 'ONCE' })
          .expect(201)
      ).body.booking;
    };
    const slow = await checkout(first, seatIds[0]!);
    const fast = await checkout(second, seatIds[1]!);
    const card = { payment: { provider: 'test', card_number: '4242424242424242' } };
    await second.post(`/api/bookings/${fast.id}/confirm`).send(card).expect(200);
    await sleep(1100); // the first one's hold runs out while they type their card number
    const gone = await first.post(`/api/bookings/${slow.id}/confirm`).send(card).expect(409);
    assert.match(gone.body.message, /Your hold has run out too/);
    assert.equal(gone.body.details.hold_id, undefined);
    await hold(first, event.id, [seatIds[0]!]).expect(201);
  });

  it('keeps the cool-down of a customer who released their hold while paying with a coupon that ran out', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const agent = await buyer();
    const held = (await hold(agent, event.id, [seatIds[0]!]).expect(201)).body.hold;
    const booking = (
      await agent.post('/api/bookings/create').send({ hold_id: held.id }).expect(201)
    ).body.booking;
    // Cancelled from another tab while the payment was under way: the hold is released.
    await agent.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(200);
    const row = await lockedBooking(booking.id);
    const result = await testSequelize().transaction((transaction) =>
      dropUnpaidBooking(row, transaction),
    );
    assert.deepEqual(result, { dropped: false, holdAlive: false, changes: null });
    await hold(agent, event.id, [seatIds[0]!]).expect(409);
  });

  it('limits hold attempts per user and event, but not for the box office', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 2, perRow: 10 });
    const churner = await buyer();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await hold(churner, event.id, [seatIds[i]!])).status);
    assert.deepEqual(statuses, [201, 201, 201, 201, 201, 201, 429]);
    const refused = await hold(churner, event.id, [seatIds[9]!]).expect(429);
    assert.equal(refused.body.error, 'RATE_LIMITED');
    assert.ok(refused.body.details.retry_after_s > 0);
    const clerk = await buyer('staff');
    for (let i = 10; i < 18; i++)
      await clerk
        .post('/api/bookings/hold-seats')
        .send({ event_id: event.id, seat_ids: [seatIds[i]], customer_name: `Walk-in ${i}` })
        .expect((res) => assert.ok(res.status === 201 || res.status === 409, res.text));
  });

  it('limits hold attempts per address, across the accounts behind it', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 2, perRow: 10 });
    const [a, b] = [await behind('2001:db8:5:5::1'), await behind('2001:db8:5:5::1')];
    // The address's window is on the clock: start in a fresh one if this one is ending.
    const [{ left_ms: leftMs }] = (await testSequelize().query<{ left_ms: number }>(
      `SELECT (group_window_end('hold_addr:2001:db8:5:5::/64#', 60, now_ms) - now_ms)::int AS left_ms
         FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms) t`,
      { type: QueryTypes.SELECT },
    )) as [{ left_ms: number }];
    if (leftMs < 5000) await sleep(leftMs + 100);
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push(await hold(i % 2 ? b : a, event.id, [seatIds[i]!]));
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [...Array(8).fill(201), 429],
    );
    // The address's rows (one per account here) count in one window, and the refusal
    // names when it ends: rows with windows of their own would each start afresh.
    const rows = await testSequelize().query<{ key: string; expire: string }>(
      "SELECT key, expire::text FROM rate_limits WHERE key LIKE 'hold_addr:2001:db8:5:5::/64#%'",
      { type: QueryTypes.SELECT },
    );
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.expire, rows[1]!.expire, 'one window for the address');
    const untilEnd = (Number(rows[0]!.expire) - Date.now()) / 1000;
    const retry = answers[8]!.body.details.retry_after_s as number;
    assert.ok(
      Math.abs(retry - untilEnd) <= 1.5,
      `retry_after_s ${retry}, window ends in ${untilEnd}`,
    );
  });

  it('lets people behind one address hold while another one’s count is still locked', async () => {
    // Holds count their address's attempt last, and keep that counter row locked until
    // they commit; on one row, everyone behind a NAT would hold one at a time.
    const { event, seatIds } = await buildOnSaleEvent({ rows: 1, perRow: 10 });
    const [first, second] = [await behind('198.51.100.77'), await behind('198.51.100.77')];
    await hold(first, event.id, [seatIds[0]!]).expect(201);
    const rows = () =>
      testSequelize().query<{ key: string }>(
        "SELECT key FROM rate_limits WHERE key LIKE 'hold_addr:198.51.100.77#%' ORDER BY key",
        { type: QueryTypes.SELECT },
      );
    const [firstRow] = await rows();
    const locker = await testSequelize().transaction();
    try {
      await testSequelize().query('SELECT 1 FROM rate_limits WHERE key = :key FOR UPDATE', {
        replacements: { key: firstRow!.key },
        transaction: locker,
      });
      const answer = await Promise.race([
        hold(second, event.id, [seatIds[1]!]),
        sleep(3000).then(() => ({ status: 'still waiting after 3 s' })),
      ]);
      assert.equal(answer.status, 201);
    } finally {
      await locker.rollback();
    }
    assert.equal((await rows()).length, 2, 'one row per shard in use');
  });

  it('refuses to book an event priced in two currencies', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({ standing: 20 });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    await testSequelize().query(
      "UPDATE event_prices SET currency = 'USD' WHERE event_id = :event AND section_id = :floor",
      { replacements: { event: event.id, floor: floor.id } },
    );
    const agent = await buyer();
    const held = (
      await agent
        .post('/api/bookings/hold-seats')
        .send({
          event_id: event.id,
          seat_ids: [seatIds[0]],
          sections: [{ section_id: floor.id, quantity: 1 }],
        })
        .expect(201)
    ).body.hold;
    const refused = await agent.post('/api/bookings/create').send({ hold_id: held.id }).expect(409);
    assert.deepEqual(refused.body.details, { currencies: ['EUR', 'USD'] });
    const [[{ n }]] = (await testSequelize().query(
      'SELECT count(*)::int AS n FROM bookings WHERE event_id = :event',
      { replacements: { event: event.id } },
    )) as unknown as [[{ n: number }]];
    assert.equal(n, 0, 'nothing half-written');
  });
});
