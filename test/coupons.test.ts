import assert from 'node:assert/strict';
import type { Role } from '../app/shared/types.js';
import { useTestApp } from './support/app.js';
import { newAgent, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildOnSaleEvent } from './support/factories.js';
import { submit } from './support/forms.js';
import { holdSeats } from './support/holds.js';

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
    let clients = 0;
    const book = async (seat: number, coupon: string, role: Role = 'customer') => {
      const agent = newAgent(app.current).set('X-Forwarded-For', `203.0.113.${++clients}`);
      await signedInAs(agent, role);
      const hold = await holdSeats(agent, event.id, [seat]);
      return {
        agent,
        res: await agent.post('/api/bookings/create').send({ hold_id: hold.id, coupon }),
      };
    };
    const first = await book(seatIds[0]!, 'fiveoff');
    assert.equal(first.res.status, 201);
    assert.deepEqual(
      [
        first.res.body.booking.subtotal_cents,
        first.res.body.booking.discount_cents,
        first.res.body.booking.total_cents,
      ],
      [2500, 500, 2000],
    );
    // An unpaid checkout takes no use: a second customer may still check out with it.
    const second = await book(seatIds[1]!, 'FIVEOFF');
    assert.equal(second.res.status, 201);
    await first.agent
      .post(`/api/bookings/${first.res.body.booking.id}/confirm`)
      .send({ payment: { provider: 'test', card_number: '4242424242424242' } })
      .expect(200);
    const [[{ used_count }]] = (await testSequelize().query(
      "SELECT used_count FROM coupons WHERE code = 'FIVEOFF'",
    )) as unknown as [[{ used_count: number }]];
    assert.equal(used_count, 1, 'the use is taken at payment');
    // The second one's use has gone meanwhile: its payment is refused, its seat kept.
    const late = await second.agent
      .post(`/api/bookings/${second.res.body.booking.id}/confirm`)
      .send({ payment: { provider: 'test', card_number: '4242424242424242' } })
      .expect(409);
    assert.equal(late.body.details.coupon, 'can no longer be used');
    const rebooked = await second.agent
      .post('/api/bookings/create')
      .send({ hold_id: late.body.details.hold_id })
      .expect(201);
    assert.equal(rebooked.body.booking.total_cents, 2500);

    // Staff see why a code cannot be used; customers get one answer whatever the reason.
    const reasons = {
      FIVEOFF: 'has been used up',
      LATER: 'is not valid yet',
      STOPPED: 'has expired',
      NOPE: 'is not a coupon we know',
    };
    let seat = 2;
    for (const [code, reason] of Object.entries(reasons)) {
      const staff = await book(seatIds[seat++]!, code, 'staff');
      assert.equal(staff.res.body.details.coupon, reason);
      const customer = await book(seatIds[seat++]!, code);
      assert.equal(customer.res.status, 400);
      assert.deepEqual(
        {
          error: customer.res.body.error,
          message: customer.res.body.message,
          details: customer.res.body.details,
        },
        {
          error: 'VALIDATION_FAILED',
          message: 'That code cannot be used for this order.',
          details: { coupon: 'cannot be used for this order' },
        },
      );
    }
  });

  it('are managed on /admin/coupons: create, see uses, stop', async () => {
    const admin = newAgent(app.current);
    await signedInAs(admin, 'admin');
    // Each visit suggests a fresh random code, not a word an attacker would try first.
    const suggested = await Promise.all(
      [1, 2].map(async () => {
        const page = (await admin.get('/admin/coupons').expect(200)).text;
        return /name="code"[^>]*value="([^"]*)"/.exec(page)?.[1];
      }),
    );
    for (const code of suggested)
      assert.match(String(code), /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    assert.notEqual(suggested[0], suggested[1]);
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
