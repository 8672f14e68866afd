import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { BookingRules } from '../core/config.js';
import { AppError } from '../core/errors.js';
import {
  BOOKING_COLUMNS,
  itemsOf,
  placesOf,
  type BookingItem,
  type BookingRow,
} from './booking-rows.js';
import { bookingCode } from './codes.js';
import { priceCoupon } from './coupons.js';
import { assertActive, lockHold, type HoldRow, type SeatChanges } from './holds.js';
import { lockPlaces } from './inventory/locks.js';
import { returnPlaces } from './inventory/sell.js';
import { endHold, liftCooldown } from './inventory/release.js';
import { owedRefunds } from './payments.js';
import { execute, selectRows } from './sql.js';

// What happens to a booking: made from a hold, its hold closed when paid, cancelled, or
// dropped unpaid. Locks are taken in the inventory's order (inventory/locks.ts).

/**
 * A pending booking for everything in an active hold, priced now, with a coupon's
 * discount when one is given (its use is taken at payment). The seats stay with the
 * hold; the booking waits PAYMENT_WINDOW seconds for its payment.
 */
export async function createBooking(
  input: { holdId: string; coupon?: string },
  authorize: (hold: { user_id: number }) => void,
  rules: BookingRules,
  transaction: Transaction,
): Promise<BookingRow> {
  const hold = await lockHold(input.holdId, transaction);
  authorize(hold);
  assertActive(hold);
  // What the hold has, priced, with its booking waiting for payment if any: one read.
  const [found] = await selectRows<{
    items: Array<BookingItem & { currency: string }> | null;
    pending: string | null;
  }>(
    `SELECT (SELECT json_agg(i ORDER BY i.section_id, i.seat_id) FROM (
              SELECT s.section_id, es.seat_id, 1 AS quantity, p.price_cents AS unit_price_cents, p.currency
                FROM event_seats es JOIN seats s ON s.id = es.seat_id
                LEFT JOIN event_prices p ON p.event_id = es.event_id AND p.section_id = s.section_id
               WHERE es.hold_id = :holdId AND es.status = 'held'
              UNION ALL
              SELECT hs.section_id, NULL, hs.quantity, p.price_cents, p.currency
                FROM hold_sections hs
                LEFT JOIN event_prices p ON p.event_id = hs.event_id AND p.section_id = hs.section_id
               WHERE hs.hold_id = :holdId AND hs.quantity > 0) i) AS items,
            (SELECT id FROM bookings WHERE hold_id = :holdId AND status = 'pending' LIMIT 1) AS pending`,
    { holdId: hold.id },
    transaction,
  );
  if (found!.pending)
    throw new AppError('INVALID_STATE', 'This hold already has a booking waiting for payment.', {
      booking_id: found!.pending,
    });
  const priced = found!.items ?? [];
  if (!priced.length)
    throw new AppError('VALIDATION_FAILED', 'The hold has no seats.', { hold_id: 'is empty' });
  // Publishing needs a price for every section, so this names a broken event, loudly.
  if (priced.some((item) => item.unit_price_cents === null))
    throw new Error(`event ${hold.event_id} has places without a price`);
  const items: BookingItem[] = priced.map(({ currency: _currency, ...item }) => item);
  const currencies = new Set(priced.map((item) => item.currency));
  // Events take one currency (assertOneCurrency); this guards events priced before that.
  if (currencies.size > 1)
    throw new AppError(
      'INVALID_STATE',
      'This event is priced in several currencies, so it cannot be booked in one order.',
      { currencies: [...currencies].sort() },
    );
  const currency = [...currencies][0]!;
  const subtotal = items.reduce((sum, item) => sum + item.quantity * item.unit_price_cents, 0);
  const coupon = input.coupon?.trim()
    ? await priceCoupon(input.coupon, subtotal, currency, transaction)
    : null;
  // The booking and its items in one statement.
  const [booking] = await selectRows<BookingRow>(
    `WITH booking AS (
       INSERT INTO bookings (id, code, event_id, user_id, hold_id, customer_name, subtotal_cents,
                             discount_cents, total_cents, currency, coupon_id, expires_at)
       VALUES (:id, :code, :eventId, :userId, :holdId, :customerName, :subtotal, :discount,
               :total, :currency, :couponId, now() + make_interval(secs => :window))
       RETURNING *
     ), items AS (
       INSERT INTO booking_items (booking_id, section_id, seat_id, quantity, unit_price_cents)
       SELECT booking.id, i.section_id, i.seat_id, i.quantity, i.unit_price_cents
         FROM booking, json_to_recordset(:items::json)
              AS i(section_id int, seat_id int, quantity int, unit_price_cents int)
     )
     SELECT ${BOOKING_COLUMNS} FROM booking`,
    {
      id: randomUUID(),
      code: bookingCode(),
      eventId: hold.event_id,
      userId: hold.user_id,
      holdId: hold.id,
      customerName: hold.customer_name,
      subtotal,
      discount: coupon?.discountCents ?? 0,
      total: subtotal - (coupon?.discountCents ?? 0),
      currency,
      couponId: coupon?.id ?? null,
      window: rules.paymentWindowSeconds,
      items: JSON.stringify(items),
    },
    transaction,
  );
  return booking!;
}

/**
 * After payment: the hold that made the booking (locked by the caller) ends as `booked`;
 * anything it still had beyond the booking (seats added after checkout began) is freed.
 * A hold that ran out was ended with all its places already (the sweeper): nothing of
 * it is left to free.
 */
export async function closeHold(
  hold: HoldRow,
  transaction: Transaction,
): Promise<SeatChanges | null> {
  return hold.status === 'active' ? endHold(hold, 'booked', transaction) : null;
}

/**
 * Cancels a booking: its seats and standing places are free at once, its tickets void,
 * an unpaid one's hold released (its coupon took no use yet). Answers what changed on the
 * map and the charge to refund, if it was paid.
 */
export async function cancelBookingRow(
  booking: BookingRow,
  transaction: Transaction,
): Promise<{ changes: SeatChanges; refunds: number[] }> {
  const changes: SeatChanges = { eventId: booking.event_id, seatIds: [], sectionIds: [] };
  if (booking.status === 'pending') {
    if (booking.hold_id) {
      const hold = await lockHold(booking.hold_id, transaction);
      if (hold.status === 'active') {
        const freed = await endHold(hold, 'released', transaction);
        changes.seatIds.push(...freed.seatIds);
        changes.sectionIds.push(...freed.sectionIds);
      }
    }
  }
  const returned = await returnPlaces(booking, transaction);
  changes.seatIds.push(...returned.seatIds);
  changes.sectionIds.push(...returned.sectionIds);
  await execute(
    `WITH voided AS (UPDATE tickets SET status = 'void' WHERE booking_id = :bookingId)
     UPDATE bookings SET status = 'cancelled', cancelled_at = now(), version = version + 1,
            updated_at = now()
      WHERE id = :bookingId`,
    { bookingId: booking.id },
    transaction,
  );
  // The refunds owed (one per charge not yet given back) are written now, with the
  // cancellation; the provider is called after the commit (settleRefund), and the
  // sweeper settles any that did not get through.
  const refunds = await owedRefunds(booking.id, transaction);
  return { changes, refunds };
}

/**
 * Gives up an unpaid booking and keeps its hold (and the hold's seats) for a new one: its
 * coupon could not be used after all. A booking paid or cancelled meanwhile stays as it
 * is (`dropped: false`). If the hold ran out meanwhile it is ended now, and its owner's
 * cool-down marks on the booking's places go, since letting it lapse was not their doing:
 * they may take them again at once, if still free. A hold they released keeps its marks.
 */
export async function dropUnpaidBooking(
  booking: BookingRow,
  transaction: Transaction,
): Promise<{ dropped: boolean; holdAlive: boolean; changes: SeatChanges | null }> {
  const dropped = await selectRows<{ id: string }>(
    `UPDATE bookings SET status = 'cancelled', cancelled_at = now(), version = version + 1,
            updated_at = now()
      WHERE id = :bookingId AND status = 'pending' RETURNING id`,
    { bookingId: booking.id },
    transaction,
  );
  if (!dropped.length || !booking.hold_id)
    return { dropped: dropped.length > 0, holdAlive: false, changes: null };
  const hold = await lockHold(booking.hold_id, transaction);
  if (hold.status === 'active' && !hold.lapsed)
    return { dropped: true, holdAlive: true, changes: null };
  if (hold.status !== 'active' && hold.status !== 'expired')
    return { dropped: true, holdAlive: false, changes: null };
  // The booking's seats with the hold's places, in the lock order, before ending the hold
  // locks its standing rows: a seat the lapsed hold lost is not locked after them.
  const places = placesOf(await itemsOf(booking.id, transaction));
  await lockPlaces(booking.event_id, { seatIds: places.seatIds, heldBy: hold.id }, transaction);
  const changes = hold.status === 'active' ? await endHold(hold, 'expired', transaction) : null;
  await liftCooldown(booking, hold.id, places, transaction);
  return { dropped: true, holdAlive: false, changes };
}

/** A booking paid for: confirmed, its version one up. */
export async function markConfirmed(bookingId: string, transaction: Transaction): Promise<void> {
  await execute(
    `UPDATE bookings SET status = 'confirmed', confirmed_at = now(), version = version + 1,
            updated_at = now()
      WHERE id = :bookingId`,
    { bookingId },
    transaction,
  );
}

/** Whether an event is still more than the cancellation cut-off away. */
export async function cancellationOpen(
  eventId: number,
  rules: BookingRules,
  transaction: Transaction,
): Promise<boolean> {
  const [row] = await selectRows<{ open: boolean }>(
    `SELECT now() < starts_at - make_interval(hours => :hours) AS open FROM events WHERE id = :eventId`,
    { hours: rules.cancellationCutoffHours, eventId },
    transaction,
  );
  return row!.open;
}
