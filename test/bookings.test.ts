import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildOnSaleEvent } from './support/factories.js';
import { pendingRefunds, settleRefund } from '../app/models/payments.js';
import { PAYMENT_PROVIDERS } from '../app/models/payment-providers.js';

const GOOD_CARD = { provider: 'test', card_number: '4242 4242 4242 4242' };
const DECLINED_CARD = { provider: 'test', card_number: '4000 0000 0000 0002' };

const count = async (sql: string) => {
  const [rows] = await testSequelize().query(sql);
  return Number((rows[0] as { n: number | string }).n);
};

describe('bookings', () => {
  const app = useTestApp({ env: { HOLD_TTL_SECONDS: '1', PAYMENT_WINDOW_SECONDS: '60' } });

  async function customerWithHold(eventId: number, body: object) {
    const agent = newAgent(app.current);
    const user = await signedInAs(agent);
    const hold = await agent
      .post('/api/bookings/hold-seats')
      .send({ event_id: eventId, ...body })
      .expect(201);
    return { agent, user, hold: hold.body.hold as { id: string; seat_ids: number[] } };
  }

  async function paidBooking(eventId: number, body: object) {
    const customer = await customerWithHold(eventId, body);
    const { booking } = (
      await customer.agent
        .post('/api/bookings/create')
        .send({ hold_id: customer.hold.id })
        .expect(201)
    ).body;
    await customer.agent
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: GOOD_CARD })
      .expect(200);
    return { ...customer, booking: booking as { id: string } };
  }

  it('books a hold, pays with a card, and issues one ticket per seat and standing place', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({ standing: 10 });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    const { agent, hold } = await customerWithHold(event.id, { seat_ids: seatIds.slice(0, 2) });
    await agent
      .post('/api/bookings/hold-seats')
      .send({ event_id: event.id, section_id: floor.id, quantity: 3 })
      .expect(201);
    const created = await agent.post('/api/bookings/create').send({ hold_id: hold.id }).expect(201);
    const booking = created.body.booking;
    assert.equal(booking.status, 'pending');
    assert.equal(booking.total_cents, 5 * 2500);
    assert.equal(booking.currency, 'EUR');
    assert.equal(booking.version, 1);
    assert.match(booking.code, /^[0-9A-Z]{8}$/);

    const paid = await agent
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: GOOD_CARD })
      .expect(200);
    assert.equal(paid.body.booking.status, 'confirmed');
    assert.equal(paid.body.booking.version, 2);
    assert.equal(paid.body.booking.tickets.length, 5);
    assert.ok(
      paid.body.booking.tickets.every(
        (ticket: { code: string; status: string }) =>
          /^[0-9A-Z]{26}$/.test(ticket.code) && ticket.status === 'valid',
      ),
    );
    assert.deepEqual(
      paid.body.booking.tickets
        .filter((ticket: { seat_id: number | null }) => ticket.seat_id)
        .map((ticket: { row: string; number: number }) => `${ticket.row}${ticket.number}`),
      ['A1', 'A2'],
    );
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM event_seats WHERE event_id = ${event.id} AND status = 'booked'`,
      ),
      2,
    );
    assert.equal(
      await count(`SELECT sold AS n FROM event_sections WHERE event_id = ${event.id}`),
      3,
    );
    assert.equal(
      await count(`SELECT held AS n FROM event_sections WHERE event_id = ${event.id}`),
      0,
    );
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM payments WHERE booking_id = '${booking.id}' AND status = 'succeeded'`,
      ),
      1,
    );
    const listed = await agent.get('/api/bookings').expect(200);
    assert.equal(listed.body.bookings[0].id, booking.id);
    await agent.get(`/api/bookings/${booking.id}`).expect(200);
    const stranger = newAgent(app.current);
    await signedInAs(stranger);
    await stranger.get(`/api/bookings/${booking.id}`).expect(404);
    await stranger.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(404);
  });

  it('keeps the seats held after a declined card, records the decline, and takes another card', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const { agent, hold } = await customerWithHold(event.id, { seat_ids: [seatIds[0]] });
    const { booking } = (
      await agent.post('/api/bookings/create').send({ hold_id: hold.id }).expect(201)
    ).body;
    const declined = await agent
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: DECLINED_CARD })
      .expect(422);
    assert.equal(declined.body.error, 'PAYMENT_DECLINED');
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM payments WHERE booking_id = '${booking.id}' AND status = 'declined'`,
      ),
      1,
    );
    assert.equal(
      await count(`SELECT count(*) AS n FROM tickets WHERE booking_id = '${booking.id}'`),
      0,
    );
    const bad = await agent
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: { provider: 'test', card_number: '1234' } })
      .expect(400);
    assert.ok(bad.body.details['payment.card_number']);
    const cash = await agent
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: { provider: 'box_office', method: 'cash' } })
      .expect(403);
    assert.equal(cash.body.error, 'FORBIDDEN');
    await agent
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: GOOD_CARD })
      .expect(200);
  });

  it('answers a retried create or confirm with the first answer, and a reused key with IDEMPOTENCY_MISMATCH', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const { agent, hold } = await customerWithHold(event.id, { seat_ids: [seatIds[0]] });
    const first = await agent
      .post('/api/bookings/create')
      .set('Idempotency-Key', 'create-1')
      .send({ hold_id: hold.id })
      .expect(201);
    const retry = await agent
      .post('/api/bookings/create')
      .set('Idempotency-Key', 'create-1')
      .send({ hold_id: hold.id })
      .expect(201);
    assert.deepEqual(retry.body, first.body);
    const other = await agent
      .post('/api/bookings/create')
      .set('Idempotency-Key', 'create-1')
      .send({ hold_id: hold.id, coupon: 'X' })
      .expect(422);
    assert.equal(other.body.error, 'IDEMPOTENCY_MISMATCH');
    const id = first.body.booking.id;
    const confirms = await Promise.all(
      [1, 2, 3].map(() =>
        agent
          .post(`/api/bookings/${id}/confirm`)
          .set('Idempotency-Key', 'pay-1')
          .send({ payment: GOOD_CARD }),
      ),
    );
    assert.deepEqual(
      confirms.map((res) => res.status),
      [200, 200, 200],
    );
    assert.deepEqual(confirms[1]!.body, confirms[0]!.body);
    assert.equal(
      await count(`SELECT count(*) AS n FROM payments WHERE booking_id = '${id}'`),
      1,
      'charged once',
    );
    assert.equal(await count(`SELECT count(*) AS n FROM tickets WHERE booking_id = '${id}'`), 1);
  });

  it('refuses a stale version with VERSION_CONFLICT', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const { agent, hold } = await customerWithHold(event.id, { seat_ids: [seatIds[0]] });
    const { booking } = (
      await agent.post('/api/bookings/create').send({ hold_id: hold.id }).expect(201)
    ).body;
    await agent
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: GOOD_CARD, version: 1 })
      .expect(200);
    const stale = await agent
      .post(`/api/bookings/${booking.id}/cancel`)
      .send({ version: 1 })
      .expect(409);
    assert.equal(stale.body.error, 'VERSION_CONFLICT');
    assert.deepEqual(stale.body.details, { version: 2 });
    await agent.post(`/api/bookings/${booking.id}/cancel`).send({ version: 2 }).expect(200);
  });

  it('frees a cancelled booking’s seats at once for the next buyer, voids its tickets and refunds it', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const { agent, booking } = await paidBooking(event.id, { seat_ids: [seatIds[0]] });
    const next = newAgent(app.current);
    await signedInAs(next);
    await next
      .post('/api/bookings/hold-seats')
      .send({ event_id: event.id, seat_ids: [seatIds[0]] })
      .expect(409);
    const cancelled = await agent.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(200);
    assert.equal(cancelled.body.booking.status, 'cancelled');
    assert.ok(
      cancelled.body.booking.tickets.every(
        (ticket: { status: string }) => ticket.status === 'void',
      ),
    );
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM payments WHERE booking_id = '${booking.id}' AND kind = 'refund'`,
      ),
      1,
    );
    await next
      .post('/api/bookings/hold-seats')
      .send({ event_id: event.id, seat_ids: [seatIds[0]] })
      .expect(201);
    const again = await agent.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(409);
    assert.equal(again.body.error, 'INVALID_STATE');
  });

  it('lets a customer cancel a paid booking only until the cut-off; staff any time', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const { agent, booking } = await paidBooking(event.id, { seat_ids: [seatIds[0]] });
    await event.update({
      starts_at: new Date(Date.now() + 3_600_000),
      ends_at: new Date(Date.now() + 7_200_000),
    });
    const late = await agent.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(403);
    assert.match(late.body.message, /24 hours before/);
    const staff = newAgent(app.current);
    await signedInAs(staff, 'staff');
    await staff.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(200);
  });

  it('takes payment after the hold expired if every seat is still free, and refuses it otherwise', async function () {
    this.timeout(20_000);
    const { event, seatIds } = await buildOnSaleEvent();
    const lucky = await customerWithHold(event.id, { seat_ids: [seatIds[0]] });
    const unlucky = await customerWithHold(event.id, { seat_ids: [seatIds[1], seatIds[2]] });
    const a = (
      await lucky.agent.post('/api/bookings/create').send({ hold_id: lucky.hold.id }).expect(201)
    ).body.booking;
    const b = (
      await unlucky.agent
        .post('/api/bookings/create')
        .send({ hold_id: unlucky.hold.id })
        .expect(201)
    ).body.booking;
    await sleep(1_200); // the 1 s holds run out; the bookings' payment windows do not
    const rival = newAgent(app.current);
    await signedInAs(rival);
    await rival
      .post('/api/bookings/hold-seats')
      .send({ event_id: event.id, seat_ids: [seatIds[2]] })
      .expect(201);

    const paid = await lucky.agent
      .post(`/api/bookings/${a.id}/confirm`)
      .send({ payment: GOOD_CARD })
      .expect(200);
    assert.equal(paid.body.booking.status, 'confirmed', 'its seat was still free: taken again');
    const refused = await unlucky.agent
      .post(`/api/bookings/${b.id}/confirm`)
      .send({ payment: GOOD_CARD })
      .expect(410);
    assert.equal(refused.body.error, 'BOOKING_EXPIRED');
    assert.deepEqual(refused.body.details, { seat_ids: [seatIds[2]] });
    assert.equal(
      await count(`SELECT count(*) AS n FROM payments WHERE booking_id = '${b.id}'`),
      0,
      'no charge kept',
    );
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM event_seats WHERE seat_id = ${seatIds[1]} AND status = 'booked'`,
      ),
      0,
      'nothing half-booked',
    );
  });

  it('cancels an event: every booking cancelled and refunded, tickets void, holds released, sales stopped', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({ standing: 10 });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    const paid = await customerWithHold(event.id, { seat_ids: [seatIds[0]] });
    const paidBooking = (
      await paid.agent.post('/api/bookings/create').send({ hold_id: paid.hold.id }).expect(201)
    ).body.booking;
    await paid.agent
      .post(`/api/bookings/${paidBooking.id}/confirm`)
      .send({ payment: GOOD_CARD })
      .expect(200);
    const pending = await customerWithHold(event.id, { section_id: floor.id, quantity: 2 });
    const pendingBooking = (
      await pending.agent
        .post('/api/bookings/create')
        .send({ hold_id: pending.hold.id })
        .expect(201)
    ).body.booking;
    const browsing = await customerWithHold(event.id, { seat_ids: [seatIds[1], seatIds[2]] });

    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    await admin.post(`/api/events/${event.id}/cancel`).send({}).expect(200);

    const statuses = await testSequelize().query(
      `SELECT status FROM bookings WHERE event_id = ${event.id} ORDER BY status`,
    );
    assert.deepEqual(
      (statuses[0] as Array<{ status: string }>).map((row) => row.status),
      ['cancelled', 'cancelled'],
    );
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM tickets WHERE event_id = ${event.id} AND status = 'valid'`,
      ),
      0,
    );
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM payments WHERE booking_id = '${paidBooking.id}' AND kind = 'refund'`,
      ),
      1,
    );
    assert.equal(
      await count(`SELECT count(*) AS n FROM payments WHERE booking_id = '${pendingBooking.id}'`),
      0,
    );
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM holds WHERE event_id = ${event.id} AND status = 'active'`,
      ),
      0,
    );
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM event_seats WHERE event_id = ${event.id} AND status <> 'available'`,
      ),
      0,
    );
    assert.equal(
      await count(`SELECT held + sold AS n FROM event_sections WHERE event_id = ${event.id}`),
      0,
    );
    const refused = await browsing.agent
      .post('/api/bookings/hold-seats')
      .send({ event_id: event.id, seat_ids: [seatIds[3]] })
      .expect(409);
    assert.equal(refused.body.error, 'EVENT_NOT_ON_SALE');
    const late = await pending.agent
      .post(`/api/bookings/${pendingBooking.id}/confirm`)
      .send({ payment: GOOD_CARD })
      .expect(410);
    assert.equal(late.body.error, 'BOOKING_EXPIRED');
  });

  it('lets box-office staff hold for a walk-in customer and take cash', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const clerk = newAgent(app.current);
    await signedInAs(clerk, 'staff');
    const hold = (
      await clerk
        .post('/api/bookings/hold-seats')
        .send({ event_id: event.id, seat_ids: [seatIds[0]], customer_name: 'Ada Walk-in' })
        .expect(201)
    ).body.hold;
    assert.equal(hold.customer_name, 'Ada Walk-in');
    const { booking } = (
      await clerk.post('/api/bookings/create').send({ hold_id: hold.id }).expect(201)
    ).body;
    assert.equal(booking.customer_name, 'Ada Walk-in');
    const noMethod = await clerk
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: { provider: 'box_office' } })
      .expect(400);
    assert.ok(noMethod.body.details['payment.method']);
    const paid = await clerk
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: { provider: 'box_office', method: 'cash' } })
      .expect(200);
    assert.equal(paid.body.booking.tickets.length, 1);
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM payments WHERE booking_id = '${booking.id}' AND provider = 'box_office' AND reference LIKE 'box_cash_%'`,
      ),
      1,
    );
  });

  it('refunds and records a charge whose confirmation could not commit', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent();
    const { agent, hold } = await customerWithHold(event.id, { seat_ids: [seatIds[0]] });
    const { booking } = (
      await agent.post('/api/bookings/create').send({ hold_id: hold.id }).expect(201)
    ).body;
    // A valid ticket for the seat already exists (made by hand): issuing tickets fails
    // after the card was charged, so the whole confirmation rolls back.
    await testSequelize().query(
      `INSERT INTO bookings (id, code, event_id, user_id, status, subtotal_cents, total_cents, currency, expires_at)
       SELECT gen_random_uuid(), 'BYHAND01', event_id, user_id, 'cancelled', 0, 0, 'EUR', now() FROM bookings WHERE id = :id;
       INSERT INTO tickets (code, booking_id, event_id, section_id, seat_id)
       SELECT 'BYHAND0000000000000000000A', id, event_id, :section, :seat FROM bookings WHERE code = 'BYHAND01'`,
      { replacements: { id: booking.id, section: sections[0]!.id, seat: seatIds[0] } },
    );
    const failed = await agent
      .post(`/api/bookings/${booking.id}/confirm`)
      .send({ payment: GOOD_CARD });
    assert.equal(failed.status, 400, JSON.stringify(failed.body));
    const [rows] = await testSequelize().query(
      `SELECT kind, status FROM payments WHERE booking_id = '${booking.id}' ORDER BY id`,
    );
    assert.deepEqual(rows, [
      { kind: 'charge', status: 'succeeded' },
      { kind: 'refund', status: 'succeeded' },
    ]);
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM bookings WHERE id = '${booking.id}' AND status = 'pending'`,
      ),
      1,
    );
  });

  it('keeps a refund the provider refused as owed, and settles it later', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const { agent, booking } = await paidBooking(event.id, { seat_ids: [seatIds[0]] });
    const provider = PAYMENT_PROVIDERS.get('test')!;
    const refund = provider.refund;
    provider.refund = async () => {
      throw new Error('provider unreachable');
    };
    try {
      await agent.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(200);
    } finally {
      provider.refund = refund;
    }
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM payments WHERE booking_id = '${booking.id}' AND kind = 'refund' AND status = 'pending'`,
      ),
      1,
    );
    for (const id of await pendingRefunds()) await settleRefund(id);
    assert.equal(
      await count(
        `SELECT count(*) AS n FROM payments WHERE booking_id = '${booking.id}' AND kind = 'refund' AND status = 'succeeded'`,
      ),
      1,
    );
  });

  it('takes over an Idempotency-Key whose first request never answered', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const { agent, user, hold } = await customerWithHold(event.id, { seat_ids: [seatIds[0]] });
    // Claimed by a process that stopped two minutes ago, before it answered.
    const hash = createHash('sha256')
      .update(JSON.stringify({ hold_id: hold.id }))
      .digest('hex');
    await testSequelize().query(
      `INSERT INTO idempotency_keys (user_id, scope, key, request_hash, claim, created_at)
       VALUES (${user.id}, 'bookings.create', 'stuck', '${hash}', gen_random_uuid(), now() - interval '2 minutes')`,
    );
    const started = Date.now();
    const created = await agent
      .post('/api/bookings/create')
      .set('Idempotency-Key', 'stuck')
      .send({ hold_id: hold.id });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.ok(Date.now() - started < 5_000, 'it ran instead of waiting for the dead request');
    const replay = await agent
      .post('/api/bookings/create')
      .set('Idempotency-Key', 'stuck')
      .send({ hold_id: hold.id });
    assert.deepEqual(replay.body, created.body);
  });

  it('shows a ticket by its code, with its QR image, and says when it is void', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const { agent, booking } = await paidBooking(event.id, { seat_ids: [seatIds[0]] });
    const paid = (await agent.get(`/api/bookings/${booking.id}`).expect(200)).body.booking;
    const code = paid.tickets[0].code as string;
    const ticket = await app.current.http().get(`/api/tickets/${code.toLowerCase()}`).expect(200);
    assert.deepEqual(Object.keys(ticket.body.ticket).sort(), [
      'booking_code',
      'checked_in_at',
      'code',
      'event_id',
      'number',
      'row',
      'seat_id',
      'section',
      'section_id',
      'status',
    ]);
    assert.equal(ticket.body.ticket.booking_code, paid.code);
    assert.match(ticket.body.qr_code, /^data:image\/svg\+xml;base64,/);
    assert.equal(ticket.body.event.id, event.id);
    const page = await app.current.http().get(`/tickets/${code}`).expect(200);
    assert.match(page.text, /<img src="data:image\/svg\+xml;base64,[^"]+" alt="QR code of ticket/);
    await agent.post(`/api/bookings/${booking.id}/cancel`).send({}).expect(200);
    assert.match(
      (await app.current.http().get(`/tickets/${code}`).expect(200)).text,
      /This ticket is void/,
    );
    await app.current.http().get('/api/tickets/NOTATICKET').expect(400);
    await app.current
      .http()
      .get(`/api/tickets/${'0'.repeat(26)}`)
      .expect(404);
  });

  it('lists a customer’s bookings newest first, each with its items and tickets', async () => {
    const { event, seatIds } = await buildOnSaleEvent();
    const first = await paidBooking(event.id, { seat_ids: [seatIds[0]] });
    const hold = (
      await first.agent
        .post('/api/bookings/hold-seats')
        .send({ event_id: event.id, seat_ids: [seatIds[1], seatIds[2]] })
        .expect(201)
    ).body.hold;
    const second = (
      await first.agent.post('/api/bookings/create').send({ hold_id: hold.id }).expect(201)
    ).body.booking;
    const listed = (await first.agent.get('/api/bookings').expect(200)).body;
    assert.equal(listed.total, 2);
    assert.deepEqual(
      listed.bookings.map((booking: { id: string; items: unknown[]; tickets: unknown[] }) => [
        booking.id,
        booking.items.length,
        booking.tickets.length,
      ]),
      [
        [second.id, 2, 0],
        [first.booking.id, 1, 1],
      ],
    );
    const page = (await first.agent.get('/bookings').expect(200)).text;
    assert.ok(
      page.indexOf(second.code) < page.indexOf((listed.bookings[1] as { code: string }).code),
    );
  });
});
