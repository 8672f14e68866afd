import assert from 'node:assert/strict';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { buildOnSaleEvent } from './support/factories.js';
import { submit } from './support/forms.js';

describe('coupons', () => {
  const app = useTestApp();

  it('are managed by admins only, with field-by-field validation', async () => {
    const customer = newAgent(app.current);
    await signedInAs(customer);
    assert.equal((await customer.get('/api/coupons')).status, 403);
    assert.equal(
      (await customer.post('/api/coupons').send({ code: 'X', kind: 'percent', amount: 5 })).status,
      403,
    );
    assert.equal((await app.current.http().get('/api/coupons')).status, 401);
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    const bad = await admin
      .post('/api/coupons')
      .send({ code: 'no', kind: 'percent', amount: 150 })
      .expect(400);
    assert.ok(bad.body.details.code);
    const tooMuch = await admin
      .post('/api/coupons')
      .send({ code: 'HALF', kind: 'percent', amount: 150 })
      .expect(400);
    assert.match(tooMuch.body.details.amount, /at most 100/);
    const noCurrency = await admin
      .post('/api/coupons')
      .send({ code: 'FIVE', kind: 'fixed', amount: 500 })
      .expect(400);
    assert.match(noCurrency.body.details.currency, /needs a currency/);
    const made = await admin
      .post('/api/coupons')
      .send({ code: 'spring10', kind: 'percent', amount: 10, usage_limit: 1 })
      .expect(201);
    assert.equal(made.body.coupon.code, 'SPRING10');
    const twice = await admin
      .post('/api/coupons')
      .send({ code: 'SPRING10', kind: 'percent', amount: 5 })
      .expect(400);
    assert.equal(twice.body.error, 'VALIDATION_FAILED');
    assert.equal((await admin.get('/api/coupons').expect(200)).body.coupons.length, 1);
  });

  it('take their discount off a booking, within their window and limit', async () => {
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    await admin
      .post('/api/coupons')
      .send({ code: 'FIVEOFF', kind: 'fixed', amount: 500, currency: 'EUR', usage_limit: 1 })
      .expect(201);
    await admin
      .post('/api/coupons')
      .send({
        code: 'LATER',
        kind: 'percent',
        amount: 50,
        valid_from: new Date(Date.now() + 86_400_000).toISOString(),
      })
      .expect(201);
    const stopped = (
      await admin
        .post('/api/coupons')
        .send({ code: 'STOPPED', kind: 'percent', amount: 50 })
        .expect(201)
    ).body.coupon;
    await admin.put(`/api/coupons/${stopped.id}/active`).send({ active: false }).expect(200);
    const { event, seatIds } = await buildOnSaleEvent();
    const book = async (seat: number, coupon: string) => {
      const agent = newAgent(app.current);
      await signedInAs(agent);
      const hold = (
        await agent
          .post('/api/bookings/hold-seats')
          .send({ event_id: event.id, seat_ids: [seat] })
          .expect(201)
      ).body.hold;
      return agent.post('/api/bookings/create').send({ hold_id: hold.id, coupon });
    };
    const first = await book(seatIds[0]!, 'fiveoff');
    assert.equal(first.status, 201);
    assert.deepEqual(
      [
        first.body.booking.subtotal_cents,
        first.body.booking.discount_cents,
        first.body.booking.total_cents,
      ],
      [2500, 500, 2000],
    );
    const usedUp = await book(seatIds[1]!, 'FIVEOFF');
    assert.equal(usedUp.body.details.coupon, 'has been used up');
    assert.equal((await book(seatIds[2]!, 'LATER')).body.details.coupon, 'is not valid yet');
    assert.equal((await book(seatIds[3]!, 'STOPPED')).body.details.coupon, 'has expired');
    assert.equal((await book(seatIds[4]!, 'NOPE')).body.details.coupon, 'is not a coupon we know');
  });

  it('are managed on /admin/coupons: create, see uses, stop', async () => {
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    const wrong = await submit(admin, '/admin/coupons', '/admin/coupons', {
      code: 'TEN',
      kind: 'fixed',
      amount: 'ten',
      currency: 'EUR',
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /id="amount"[^>]*aria-invalid="true"/);
    const made = await submit(admin, '/admin/coupons', '/admin/coupons', {
      code: 'tenoff',
      kind: 'fixed',
      amount: '10.00',
      currency: 'EUR',
      usage_limit: '3',
      valid_until: '2030-01-01T00:00',
    });
    assert.equal(made.status, 303);
    const page = (await admin.get('/admin/coupons').expect(200)).text;
    assert.match(page, /<code>TENOFF<\/code>/);
    assert.match(page, /€10\.00/);
    assert.match(page, /0 of 3/);
    const id = /action="\/admin\/coupons\/(\d+)\/active"/.exec(page)![1];
    await submit(admin, '/admin/coupons', `/admin/coupons/${id}/active`, { active: 'false' });
    assert.match((await admin.get('/admin/coupons').expect(200)).text, /Stopped/);
    const organizer = newAgent(app.current);
    await signedInAs(organizer, 'organizer');
    assert.equal((await organizer.get('/admin/coupons')).status, 403);
  });
});
