import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { BookingRules } from '../core/config.js';
import { AppError } from '../core/errors.js';
import type { Actor } from '../shared/types.js';
import { bookingCode, ticketCode } from './codes.js';
import { priceCoupon } from './coupons.js';
import {
  assertActive,
  endHold,
  freePlaces,
  holdContents,
  lockHold,
  reclaimLapsed,
  type SeatChanges,
} from './holds.js';
import { PAYMENT_PROVIDERS } from './payment-providers.js';
import { SEAT_STATUS } from './seat-state.js';
import { execute, inTransaction, selectRows } from './sql.js';

// Bookings (DESIGN §4): made from a hold, paid (confirmed), cancelled or left unpaid
// (expired). Locks are taken in the order holds.ts describes: events, bookings, holds,
// event_seats by seat id, event_sections by section id.

export interface BookingRow {
  id: string;
  code: string;
  event_id: number;
  user_id: number;
  hold_id: string | null;
  customer_name: string | null;
  status: 'pending' | 'confirmed' | 'cancelled' | 'expired';
  subtotal_cents: number;
  discount_cents: number;
  total_cents: number;
  currency: string;
  coupon_id: number | null;
  version: number;
  expires_at: Date;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  created_at: Date;
  /** Whether its payment window has closed (by the database's clock). */
  lapsed: boolean;
}

export interface BookingItem {
  section_id: number;
  seat_id: number | null;
  quantity: number;
  unit_price_cents: number;
}

const BOOKING_COLUMNS = `id, code, event_id, user_id, hold_id, customer_name, status, subtotal_cents,
  discount_cents, total_cents, currency, coupon_id, version, expires_at, confirmed_at,
  cancelled_at, created_at, expires_at <= now() AS lapsed`;

/** A booking, locked for the rest of the transaction; NOT_FOUND when there is none. */
export async function lockBooking(bookingId: string, transaction: Transaction) {
  const [booking] = await selectRows<BookingRow>(
    `SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id = :bookingId FOR UPDATE`,
    { bookingId },
    transaction,
  );
  if (!booking) throw new AppError('NOT_FOUND', 'No such booking.');
  return booking;
}

/** A booking as it is now, or undefined. */
export async function findBooking(where: { id: string } | { code: string }) {
  const [booking] = await selectRows<BookingRow>(
    `SELECT ${BOOKING_COLUMNS} FROM bookings WHERE ${'id' in where ? 'id = :id' : 'code = :code'}`,
    where,
  );
  return booking;
}

/** VERSION_CONFLICT when the caller saw another version of the booking. */
export function assertVersion(booking: BookingRow, version: number | undefined): void {
  if (version !== undefined && version !== booking.version)
    throw new AppError('VERSION_CONFLICT', 'The booking changed since you last saw it.', {
      version: booking.version,
    });
}

export function itemsOf(bookingId: string, transaction?: Transaction) {
  return selectRows<BookingItem>(
    `SELECT section_id, seat_id, quantity, unit_price_cents FROM booking_items
      WHERE booking_id = :bookingId ORDER BY section_id, seat_id`,
    { bookingId },
    transaction,
  );
}

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
  const [open] = await selectRows<{ id: string }>(
    `SELECT id FROM bookings WHERE hold_id = :holdId AND status = 'pending'`,
    { holdId: hold.id },
    transaction,
  );
  if (open)
    throw new AppError('INVALID_STATE', 'This hold already has a booking waiting for payment.', {
      booking_id: open.id,
    });
  const contents = await holdContents(hold.id, transaction);
  const seats = await selectRows<{ seat_id: number; section_id: number }>(
    'SELECT id AS seat_id, section_id FROM seats WHERE id IN (:ids)',
    { ids: contents.seatIds.length ? contents.seatIds : [0] },
    transaction,
  );
  if (!seats.length && !contents.sections.length)
    throw new AppError('VALIDATION_FAILED', 'The hold has no seats.', { hold_id: 'is empty' });
  const prices = new Map(
    (
      await selectRows<{ section_id: number; price_cents: number; currency: string }>(
        'SELECT section_id, price_cents, currency FROM event_prices WHERE event_id = :eventId',
        { eventId: hold.event_id },
        transaction,
      )
    ).map((price) => [price.section_id, price]),
  );
  const items: BookingItem[] = [
    ...seats.map((seat) => ({
      section_id: seat.section_id,
      seat_id: seat.seat_id,
      quantity: 1,
      unit_price_cents: prices.get(seat.section_id)!.price_cents,
    })),
    ...contents.sections.map((section) => ({
      section_id: section.section_id,
      seat_id: null,
      quantity: section.quantity,
      unit_price_cents: prices.get(section.section_id)!.price_cents,
    })),
  ];
  const currencies = new Set(items.map((item) => prices.get(item.section_id)!.currency));
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
  const [booking] = await selectRows<BookingRow>(
    `INSERT INTO bookings (id, code, event_id, user_id, hold_id, customer_name, subtotal_cents,
                           discount_cents, total_cents, currency, coupon_id, expires_at)
     VALUES (:id, :code, :eventId, :userId, :holdId, :customerName, :subtotal, :discount,
             :total, :currency, :couponId, now() + make_interval(secs => :window))
     RETURNING ${BOOKING_COLUMNS}`,
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
    },
    transaction,
  );
  for (const item of items)
    await execute(
      `INSERT INTO booking_items (booking_id, section_id, seat_id, quantity, unit_price_cents)
       VALUES (:bookingId, :section_id, :seat_id, :quantity, :unit_price_cents)`,
      { bookingId: booking!.id, ...item },
      transaction,
    );
  return booking!;
}

/**
 * Makes a booking's places its own, before it is paid: seats still held by its hold, or
 * free again after the hold ran out, become booked; standing places move from the hold's
 * count (or from what is free) to sold. BOOKING_EXPIRED, naming them, when some went to
 * someone else meanwhile.
 */
export async function securePlaces(
  booking: BookingRow,
  items: BookingItem[],
  transaction: Transaction,
): Promise<SeatChanges> {
  const seatIds = items.flatMap((item) => (item.seat_id ? [item.seat_id] : []));
  // The booking's seats and anything else its hold still has (which closing the hold will
  // free) are locked now, together and in seat order, before any section counter.
  const rows = await selectRows<{ seat_id: number; ours: boolean }>(
    `SELECT seat_id,
            ${SEAT_STATUS} = 'available' OR (status = 'held' AND hold_id = :holdId) AS ours
       FROM event_seats es
      WHERE event_id = :eventId AND (seat_id IN (:seatIds) OR (hold_id = :holdId AND status = 'held'))
      ORDER BY seat_id FOR UPDATE`,
    { holdId: booking.hold_id, eventId: booking.event_id, seatIds: seatIds.length ? seatIds : [0] },
    transaction,
  );
  if (seatIds.length) {
    const wanted = new Set(seatIds);
    const taken = rows
      .filter((row) => wanted.has(row.seat_id) && !row.ours)
      .map((row) => row.seat_id);
    if (taken.length)
      throw new AppError(
        'BOOKING_EXPIRED',
        'The hold ran out and some of its seats have gone to someone else.',
        { seat_ids: taken },
      );
    await execute(
      `UPDATE event_seats SET status = 'booked', booking_id = :bookingId, hold_id = NULL,
              held_until = NULL
        WHERE event_id = :eventId AND seat_id IN (:seatIds)`,
      { bookingId: booking.id, eventId: booking.event_id, seatIds },
      transaction,
    );
  }
  const standing = items.filter((item) => !item.seat_id);
  for (const item of standing) {
    const [counter] = await selectRows<{ capacity: number; held: number; sold: number }>(
      `SELECT capacity, held, sold FROM event_sections
        WHERE event_id = :eventId AND section_id = :sectionId FOR UPDATE`,
      { eventId: booking.event_id, sectionId: item.section_id },
      transaction,
    );
    const reclaimed = await reclaimLapsed(
      booking.event_id,
      item.section_id,
      transaction,
      booking.hold_id,
    );
    const [kept] = await selectRows<{ quantity: number }>(
      `SELECT quantity FROM hold_sections WHERE hold_id = :holdId AND section_id = :sectionId`,
      { holdId: booking.hold_id, sectionId: item.section_id },
      transaction,
    );
    const fromHold = Math.min(kept?.quantity ?? 0, item.quantity);
    const held = counter!.held - reclaimed - fromHold;
    const available = counter!.capacity - counter!.sold - held;
    if (item.quantity > available)
      throw new AppError(
        'BOOKING_EXPIRED',
        'The hold ran out and its standing places have gone to someone else.',
        { section_id: item.section_id, available },
      );
    await execute(
      `UPDATE event_sections SET held = held - :reclaimed - :fromHold, sold = sold + :quantity
        WHERE event_id = :eventId AND section_id = :sectionId;
       UPDATE hold_sections SET quantity = quantity - :fromHold
        WHERE hold_id = :holdId AND section_id = :sectionId`,
      {
        reclaimed,
        quantity: item.quantity,
        eventId: booking.event_id,
        sectionId: item.section_id,
        fromHold,
        holdId: booking.hold_id,
      },
      transaction,
    );
  }
  return {
    eventId: booking.event_id,
    seatIds,
    sectionIds: standing.map((item) => item.section_id),
  };
}

/** One valid ticket per seat and per standing place of a booking. */
export async function issueTickets(
  booking: BookingRow,
  items: BookingItem[],
  transaction: Transaction,
): Promise<void> {
  for (const item of items)
    for (let place = 0; place < item.quantity; place++)
      await execute(
        `INSERT INTO tickets (code, booking_id, event_id, section_id, seat_id)
         VALUES (:code, :bookingId, :eventId, :sectionId, :seatId)`,
        {
          code: ticketCode(),
          bookingId: booking.id,
          eventId: booking.event_id,
          sectionId: item.section_id,
          seatId: item.seat_id,
        },
        transaction,
      );
}

/**
 * After payment: the hold that made the booking ends as `booked`; anything it still had
 * beyond the booking (seats added after checkout began) is freed.
 */
export async function closeHold(
  booking: BookingRow,
  transaction: Transaction,
): Promise<SeatChanges | null> {
  if (!booking.hold_id) return null;
  const hold = await lockHold(booking.hold_id, transaction);
  const leftovers = await freePlaces(hold, null, transaction);
  await execute(
    `UPDATE holds SET status = 'booked', updated_at = now() WHERE id = :holdId AND status = 'active'`,
    { holdId: hold.id },
    transaction,
  );
  return leftovers;
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
  const seats = await selectRows<{ seat_id: number }>(
    `SELECT seat_id FROM event_seats WHERE booking_id = :bookingId ORDER BY seat_id FOR UPDATE`,
    { bookingId: booking.id },
    transaction,
  );
  if (seats.length) {
    changes.seatIds.push(...seats.map((seat) => seat.seat_id));
    await execute(
      `UPDATE event_seats SET status = 'available', booking_id = NULL
        WHERE booking_id = :bookingId`,
      { bookingId: booking.id },
      transaction,
    );
  }
  if (booking.status === 'confirmed') {
    const standing = await selectRows<{ section_id: number; quantity: number }>(
      `SELECT section_id, sum(quantity)::int AS quantity FROM booking_items
        WHERE booking_id = :bookingId AND seat_id IS NULL GROUP BY section_id ORDER BY section_id`,
      { bookingId: booking.id },
      transaction,
    );
    for (const item of standing) {
      changes.sectionIds.push(item.section_id);
      await execute(
        `UPDATE event_sections SET sold = sold - :quantity
          WHERE event_id = :eventId AND section_id = :sectionId`,
        { quantity: item.quantity, eventId: booking.event_id, sectionId: item.section_id },
        transaction,
      );
    }
  }
  await execute(
    `UPDATE tickets SET status = 'void' WHERE booking_id = :bookingId;
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
  const changes = hold.status === 'active' ? await endHold(hold, 'expired', transaction) : null;
  await execute(
    `UPDATE event_seats SET released_by = NULL
      WHERE event_id = :eventId AND released_by = :userId
        AND seat_id IN (SELECT seat_id FROM booking_items WHERE booking_id = :bookingId AND seat_id IS NOT NULL);
     UPDATE hold_sections SET released_at = NULL
      WHERE hold_id = :holdId
        AND section_id IN (SELECT section_id FROM booking_items WHERE booking_id = :bookingId AND seat_id IS NULL)`,
    { eventId: booking.event_id, userId: booking.user_id, bookingId: booking.id, holdId: hold.id },
    transaction,
  );
  return { dropped: true, holdAlive: false, changes };
}

/** Writes a pending refund for each succeeded charge of a booking that has none yet. */
export async function owedRefunds(bookingId: string, transaction: Transaction): Promise<number[]> {
  const rows = await selectRows<{ id: number }>(
    `INSERT INTO payments (booking_id, provider, kind, status, amount_cents, currency, reference, refund_of)
     SELECT c.booking_id, c.provider, 'refund', 'pending', c.amount_cents, c.currency, '', c.id
       FROM payments c
      WHERE c.booking_id = :bookingId AND c.kind = 'charge' AND c.status = 'succeeded'
        AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.refund_of = c.id)
      ORDER BY c.id
     RETURNING id`,
    { bookingId },
    transaction,
  );
  return rows.map((row) => row.id);
}

/** Whether a customer may still cancel a paid booking: until the cut-off before the event. */
export async function customerMayCancel(
  booking: BookingRow,
  actor: Actor,
  rules: BookingRules,
  transaction: Transaction,
): Promise<boolean> {
  if (actor.role === 'staff' || actor.role === 'admin' || booking.status === 'pending') return true;
  const [row] = await selectRows<{ open: boolean }>(
    `SELECT now() < starts_at - make_interval(hours => :hours) AS open FROM events WHERE id = :eventId`,
    { hours: rules.cancellationCutoffHours, eventId: booking.event_id },
    transaction,
  );
  return row!.open;
}

/** Records a charge, taken or declined. */
export async function recordCharge(
  charge: {
    bookingId: string;
    provider: string;
    status: 'succeeded' | 'declined';
    amountCents: number;
    currency: string;
    reference: string;
  },
  transaction?: Transaction,
): Promise<void> {
  await execute(
    `INSERT INTO payments (booking_id, provider, kind, status, amount_cents, currency, reference)
     VALUES (:bookingId, :provider, 'charge', :status, :amountCents, :currency, :reference)`,
    charge,
    transaction,
  );
}

export interface TicketRow {
  code: string;
  event_id: number;
  section_id: number;
  section: string;
  seat_id: number | null;
  row: string | null;
  number: number | null;
  status: 'valid' | 'void';
  checked_in_at: Date | null;
  booking_code: string;
  booking_id: string;
}

/** Tickets with their seat's labels: one by its code, or a booking's. */
export function findTickets(
  where: { code: string } | { bookingIds: string[] },
): Promise<TicketRow[]> {
  return selectRows<TicketRow>(
    `SELECT t.code, t.event_id, t.section_id, c.name AS section, t.seat_id, s.row_label AS row,
            s.number, t.status, t.checked_in_at, b.code AS booking_code, t.booking_id
       FROM tickets t JOIN sections c ON c.id = t.section_id JOIN bookings b ON b.id = t.booking_id
       LEFT JOIN seats s ON s.id = t.seat_id
      WHERE ${'code' in where ? 't.code = :code' : 't.booking_id IN (:bookingIds)'}
      ORDER BY t.section_id, s.row_label, s.number, t.id`,
    where,
  );
}

/** A booking with its items and tickets (seat labels included), for presenting. */
export async function bookingDetails(bookingId: string) {
  return (await bookingsDetails([bookingId]))[0]!;
}

/** The same for many bookings, in their order, in three queries whatever their number. */
export async function bookingsDetails(bookingIds: string[]) {
  if (!bookingIds.length) return [];
  const bookings = await selectRows<BookingRow>(
    `SELECT ${BOOKING_COLUMNS} FROM bookings WHERE id IN (:bookingIds)`,
    { bookingIds },
  );
  const tickets = await findTickets({ bookingIds });
  const items = await selectRows<
    BookingItem & {
      booking_id: string;
      section: string;
      row: string | null;
      number: number | null;
    }
  >(
    `SELECT i.booking_id, i.section_id, c.name AS section, i.seat_id, s.row_label AS row, s.number,
            i.quantity, i.unit_price_cents
       FROM booking_items i JOIN sections c ON c.id = i.section_id
       LEFT JOIN seats s ON s.id = i.seat_id
      WHERE i.booking_id IN (:bookingIds) ORDER BY i.section_id, s.row_label, s.number`,
    { bookingIds },
  );
  return bookingIds.map((id) => ({
    booking: bookings.find((booking) => booking.id === id)!,
    items: items.filter((item) => item.booking_id === id),
    tickets: tickets.filter((ticket) => ticket.booking_id === id),
  }));
}

/**
 * Settles a pending refund with its provider, giving back the charge it names. The row is
 * claimed with SKIP LOCKED, so two processes never settle it at once, and the provider is
 * asked with the refund's id as its idempotency key, so a refund retried after a crash
 * between the provider's answer and the commit is not paid twice. A provider failure
 * leaves it pending for the next try.
 */
export async function settleRefund(paymentId: number): Promise<boolean> {
  return inTransaction(async (transaction) => {
    const [pending] = await selectRows<{
      provider: string;
      charge_reference: string;
      amount_cents: number;
    }>(
      `SELECT r.provider, c.reference AS charge_reference, r.amount_cents
         FROM payments r JOIN payments c ON c.id = r.refund_of
        WHERE r.id = :paymentId AND r.status = 'pending' FOR UPDATE OF r SKIP LOCKED`,
      { paymentId },
      transaction,
    );
    if (!pending) return false;
    const provider = PAYMENT_PROVIDERS.get(pending.provider)!;
    const done = await provider.refund(
      pending.charge_reference,
      pending.amount_cents,
      `refund-${paymentId}`,
    );
    await execute(
      `UPDATE payments SET status = 'succeeded', reference = :reference WHERE id = :paymentId`,
      { reference: done.reference, paymentId },
      transaction,
    );
    return true;
  });
}

/** Refunds still owed (their provider failed, or the process stopped): a batch of ids. */
export async function pendingRefunds(batch = 50): Promise<number[]> {
  const rows = await selectRows<{ id: number }>(
    `SELECT id FROM payments WHERE status = 'pending' ORDER BY id LIMIT :batch`,
    { batch },
  );
  return rows.map((row) => row.id);
}
