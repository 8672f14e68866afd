import assert from 'node:assert/strict';
import type TestAgent from 'supertest/lib/agent.js';
import { sweepExpired } from '../app/models/sweeper.js';
import type { ServerEnvelope } from '../app/shared/socket-contract.js';
import { useTestApp } from './support/app.js';
import { newAgent, sessionCookie, signedInAs } from './support/auth.js';
import { testSequelize } from './support/db.js';
import { buildOnSaleEvent } from './support/factories.js';
import { inventoryViolations } from './support/invariants.js';
import { request, useSockets, type TestSocket } from './support/socket.js';

const CLIENTS = 200;
const GOOD_CARD = { provider: 'test', card_number: '4242424242424242' };

/** The same call over either transport: `{status, error, body}`. */
type Call = (
  type: string,
  data: Record<string, unknown>,
) => Promise<{ error?: string; body: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROUTES: Record<string, (data: Record<string, unknown>) => [string, string, object]> = {
  'seats.hold': (data) => ['post', '/api/bookings/hold-seats', data],
  'bookings.create': (data) => ['post', '/api/bookings/create', data],
  'bookings.confirm': ({ id, ...data }) => ['post', `/api/bookings/${String(id)}/confirm`, data],
  'bookings.cancel': ({ id, ...data }) => ['post', `/api/bookings/${String(id)}/cancel`, data],
};

function overHttp(agent: TestAgent): Call {
  return async (type, data) => {
    const [verb, path, body] = ROUTES[type]!(data);
    const res = await (
      agent as unknown as Record<
        string,
        (path: string) => {
          send(body: object): Promise<{ status: number; body: Record<string, unknown> }>;
        }
      >
    )[verb]!(path).send(body);
    return res.status < 300
      ? { body: res.body }
      : { error: String(res.body.error), body: res.body };
  };
}

function overSocket(socket: TestSocket): Call {
  return async (type, data) => {
    const reply: ServerEnvelope = await request(socket, type, data, 60_000);
    return { error: reply.error, body: reply.data as Record<string, unknown> };
  };
}

/** A small seeded random source, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
}

describe('no ticket sold twice, under contention', function () {
  this.timeout(240_000);
  const app = useTestApp({ env: { SOCKET_MESSAGES_PER_SECOND: '10000', HOLD_TTL_SECONDS: '600' } });
  const connect = useSockets(app);

  async function clients(count: number): Promise<Call[]> {
    const calls: Call[] = [];
    for (let start = 0; start < count; start += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, count - start) }, async (_, offset) => {
          // Each client from an address of its own, as buyers are (limits count per address).
          const address = `198.51.${Math.floor((start + offset) / 250)}.${(start + offset) % 250}`;
          const agent = newAgent(app.current).set('X-Forwarded-For', address);
          await signedInAs(agent);
          // Half the clients use the JSON API, half a socket with the same session.
          return (start + offset) % 2
            ? overSocket(
                await connect({
                  cookie: sessionCookie(agent),
                  headers: { 'x-forwarded-for': address },
                }),
              )
            : overHttp(agent);
        }),
      );
      calls.push(...batch);
    }
    return calls;
  }

  it(`${CLIENTS} clients over HTTP and sockets fight for the same seats, standing places and coupon`, async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({
      rows: 4,
      perRow: 10,
      standing: 60,
      maxPerOrder: 6,
    });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    await testSequelize().query(
      "INSERT INTO coupons (code, kind, amount, usage_limit) VALUES ('RUSH', 'percent', 10, 25)",
    );
    const calls = await clients(CLIENTS);
    const seen = { SEATS_UNAVAILABLE: 0, confirmed: 0, cancelled: 0, couponRefused: 0 };
    const next = random(42);

    await Promise.all(
      calls.map(async (call, index) => {
        // Three neighbouring seats among the first sixteen: every client overlaps others.
        const first = Math.floor(next() * 14);
        const seated = await call('seats.hold', {
          event_id: event.id,
          seat_ids: seatIds.slice(first, first + 3),
        });
        const standing = await call('seats.hold', {
          event_id: event.id,
          section_id: floor.id,
          quantity: 1 + Math.floor(next() * 3),
        });
        for (const result of [seated, standing])
          if (result.error === 'SEATS_UNAVAILABLE') seen.SEATS_UNAVAILABLE++;
          else assert.equal(result.error, undefined, JSON.stringify(result.body));
        const hold = (standing.error ? seated : standing).body.hold as { id: string } | undefined;
        if (seated.error && standing.error) return;
        // The coupon's uses are taken at payment: once they ran out, checkout refuses it,
        // or a payment begun before is refused with the hold kept, and the client books
        // again at the full price.
        const couponGone = (result: Awaited<ReturnType<Call>>) =>
          result.error === 'INVALID_STATE' && result.body.details?.coupon !== undefined;
        let created = await call('bookings.create', { hold_id: hold!.id, coupon: 'RUSH' });
        if (created.error === 'VALIDATION_FAILED') {
          seen.couponRefused++; // already used up at checkout
          created = await call('bookings.create', { hold_id: hold!.id });
        }
        assert.equal(created.error, undefined, JSON.stringify(created.body));
        let booking = created.body.booking as { id: string };
        if (index % 10 === 0) {
          // Confirm racing cancel on the same booking.
          const [paid, cancelled] = await Promise.all([
            call('bookings.confirm', { id: booking.id, payment: GOOD_CARD }),
            call('bookings.cancel', { id: booking.id }),
          ]);
          if (!paid.error) seen.confirmed++;
          if (couponGone(paid)) seen.couponRefused++;
          if (!cancelled.error) seen.cancelled++;
          return;
        }
        let paid = await call('bookings.confirm', { id: booking.id, payment: GOOD_CARD });
        if (couponGone(paid)) {
          seen.couponRefused++;
          const again = await call('bookings.create', { hold_id: hold!.id });
          assert.equal(again.error, undefined, JSON.stringify(again.body));
          booking = again.body.booking as { id: string };
          paid = await call('bookings.confirm', { id: booking.id, payment: GOOD_CARD });
        }
        assert.equal(paid.error, undefined, JSON.stringify(paid.body));
        seen.confirmed++;
        if (index % 5 === 1) {
          const cancelled = await call('bookings.cancel', { id: booking.id });
          assert.equal(cancelled.error, undefined, JSON.stringify(cancelled.body));
          seen.cancelled++;
        }
      }),
    );

    assert.deepEqual(await inventoryViolations(event.id), []);
    assert.ok(seen.SEATS_UNAVAILABLE > CLIENTS / 2, `contention happened: ${JSON.stringify(seen)}`);
    assert.ok(seen.couponRefused > 0, 'the coupon ran out');
    const [[totals]] = (await testSequelize().query(
      `SELECT (SELECT count(*) FROM event_seats WHERE event_id = ${event.id} AND status = 'booked')::int AS seats,
              (SELECT sold FROM event_sections WHERE event_id = ${event.id}) AS standing,
              (SELECT used_count FROM coupons WHERE code = 'RUSH') AS coupon`,
    )) as unknown as [[{ seats: number; standing: number; coupon: number }]];
    // The checks above are only worth something if places were actually sold.
    assert.ok(totals.seats > 0 && totals.standing > 0 && totals.coupon > 0, JSON.stringify(totals));
  });

  it('settles confirm racing the sweeper: each booking paid or expired, never both, no charge kept', async () => {
    const { event, seatIds } = await buildOnSaleEvent({ rows: 3, perRow: 10 });
    const calls = await clients(30);
    const bookings = await Promise.all(
      calls.map(async (call, index) => {
        const held = await call('seats.hold', { event_id: event.id, seat_ids: [seatIds[index]] });
        return (await call('bookings.create', { hold_id: (held.body.hold as { id: string }).id }))
          .body.booking as { id: string };
      }),
    );
    // Every hold has run out; every payment window closes in a moment.
    await testSequelize().query(
      `UPDATE holds SET expires_at = now() - interval '1 second' WHERE event_id = ${event.id};
       UPDATE event_seats SET held_until = now() - interval '1 second' WHERE event_id = ${event.id} AND status = 'held';
       UPDATE bookings SET expires_at = now() + interval '150 milliseconds' WHERE event_id = ${event.id}`,
    );
    let sweeping = true;
    const sweeper = (async () => {
      while (sweeping) await sweepExpired();
    })();
    const results = await Promise.all(
      calls.map(async (call, index) => {
        await new Promise((resolve) => setTimeout(resolve, index * 10));
        return call('bookings.confirm', { id: bookings[index]!.id, payment: GOOD_CARD });
      }),
    );
    sweeping = false;
    await sweeper;
    await sweepExpired();
    const outcomes = results.map((result) => result.error ?? 'confirmed');
    assert.ok(
      outcomes.every((outcome) => outcome === 'confirmed' || outcome === 'BOOKING_EXPIRED'),
      outcomes.join(),
    );
    assert.ok(
      outcomes.includes('confirmed') && outcomes.includes('BOOKING_EXPIRED'),
      `both happened: ${outcomes.join()}`,
    );
    const [rows] = await testSequelize().query(
      `SELECT status, count(*)::int AS n FROM bookings WHERE event_id = ${event.id} GROUP BY status`,
    );
    const byStatus = Object.fromEntries(
      (rows as Array<{ status: string; n: number }>).map((row) => [row.status, row.n]),
    );
    assert.equal(byStatus.confirmed, outcomes.filter((outcome) => outcome === 'confirmed').length);
    assert.equal(
      byStatus.expired,
      outcomes.filter((outcome) => outcome === 'BOOKING_EXPIRED').length,
    );
    assert.deepEqual(await inventoryViolations(event.id), []);
  });

  it('the checks find an oversell made by hand', async () => {
    const { event, seatIds, sections } = await buildOnSaleEvent({ standing: 5 });
    const floor = sections.find((section) => section.kind === 'general_admission')!;
    const [call] = await clients(1);
    const held = await call!('seats.hold', { event_id: event.id, seat_ids: [seatIds[0]] });
    const booking = (
      await call!('bookings.create', { hold_id: (held.body.hold as { id: string }).id })
    ).body.booking as { id: string };
    await call!('bookings.confirm', { id: booking.id, payment: GOOD_CARD });
    assert.deepEqual(await inventoryViolations(event.id), []);

    const transaction = await testSequelize().transaction();
    try {
      // A second confirmed booking for the same seat, and standing places sold from nowhere.
      await testSequelize().query(
        `INSERT INTO bookings (id, code, event_id, user_id, status, subtotal_cents, total_cents, currency, expires_at)
         SELECT gen_random_uuid(), 'OVERSOLD', event_id, user_id, 'confirmed', 0, 0, 'EUR', now()
           FROM bookings WHERE id = :booking;
         INSERT INTO booking_items (booking_id, section_id, seat_id, quantity, unit_price_cents)
         SELECT id, :section, :seat, 1, 0 FROM bookings WHERE code = 'OVERSOLD';
         UPDATE event_sections SET sold = 5 WHERE event_id = :event AND section_id = :floor`,
        {
          replacements: {
            booking: booking.id,
            section: sections[0]!.id,
            seat: seatIds[0],
            event: event.id,
            floor: floor.id,
          },
          transaction,
        },
      );
      const found = await inventoryViolations(event.id, transaction);
      assert.ok(
        found.some((violation) => violation.startsWith('a seat in two confirmed bookings')),
        found.join('\n'),
      );
      assert.ok(
        found.some((violation) =>
          violation.startsWith('standing places sold that no confirmed booking paid for'),
        ),
      );
      assert.ok(found.some((violation) => violation.startsWith('tickets that do not match')));
    } finally {
      await transaction.rollback();
    }
  });
});
