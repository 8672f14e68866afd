import type { Transaction } from 'sequelize';
import { AppError } from '../core/errors.js';
import { selectRows } from './sql.js';

// Booking rows (docs/booking.md, States): made from a hold, paid (confirmed), cancelled or left unpaid
// (expired). What they do is booking-lifecycle.ts; what they move, the inventory's.

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

export const BOOKING_COLUMNS = `id, code, event_id, user_id, hold_id, customer_name, status, subtotal_cents,
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

/** A booking's places: the seats of its items, and the sections of its standing ones. */
export function placesOf(items: Array<{ seat_id: number | null; section_id: number }>) {
  return {
    seatIds: items.flatMap((item) => (item.seat_id ? [item.seat_id] : [])),
    sectionIds: items.filter((item) => !item.seat_id).map((item) => item.section_id),
  };
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
 * The status of a booking's event, share-locked first as the lock order has it (FOR KEY
 * SHARE: a cancelling of the event waits for the writer); null when there is no such
 * booking.
 */
export async function lockEventOfBooking(
  bookingId: string,
  transaction: Transaction,
): Promise<{ status: string } | null> {
  const [event] = await selectRows<{ status: string }>(
    `SELECT status FROM events
      WHERE id = (SELECT event_id FROM bookings WHERE id = :bookingId) FOR KEY SHARE`,
    { bookingId },
    transaction,
  );
  return event ?? null;
}

/** The ids of an event's pending and paid bookings, each locked, in id order. */
export async function lockBookingsOfEvent(
  eventId: number,
  transaction: Transaction,
): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(
    `SELECT id FROM bookings WHERE event_id = :eventId AND status IN ('pending', 'confirmed')
      ORDER BY id FOR UPDATE`,
    { eventId },
    transaction,
  );
  return rows.map((row) => row.id);
}
