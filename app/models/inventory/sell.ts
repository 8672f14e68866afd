import type { Transaction } from 'sequelize';
import { AppError } from '../../core/errors.js';
import { placesOf, type BookingItem, type BookingRow } from '../booking-rows.js';
import type { SeatChanges } from '../holds.js';
import { SEAT_STATUS } from '../seat-state.js';
import { execute, selectRows } from '../sql.js';
import { lockPlaces } from './locks.js';

/**
 * Makes a booking's places its own, before it is paid (the caller holds the booking's
 * hold locked): seats still held by its hold, or free again after the hold ran out,
 * become booked; standing places move from the hold's count (or from what is free) to
 * sold. BOOKING_EXPIRED, naming them, when some went to someone else meanwhile.
 */
export async function securePlaces(
  booking: BookingRow,
  items: BookingItem[],
  transaction: Transaction,
): Promise<SeatChanges> {
  const { seatIds, sectionIds } = placesOf(items);
  const standing = items.filter((item) => !item.seat_id);
  // The booking's seats and anything else its hold still has (which closing the hold will
  // free) are locked together, before the section counters.
  await lockPlaces(
    booking.event_id,
    { seatIds, sectionIds, heldBy: booking.hold_id ?? undefined },
    transaction,
  );
  if (seatIds.length) {
    // Booked only if every one is still the hold's, or free again: one statement.
    const [result] = await selectRows<{ taken: number[] | null }>(
      `WITH taken AS (
         SELECT seat_id FROM event_seats es
          WHERE event_id = :eventId AND seat_id = ANY(:seatIds)
            AND NOT (${SEAT_STATUS} = 'available' OR (status = 'held' AND hold_id = :holdId))
       ), booked AS (
         UPDATE event_seats SET status = 'booked', booking_id = :bookingId, hold_id = NULL,
                held_until = NULL
          WHERE event_id = :eventId AND seat_id = ANY(:seatIds) AND NOT EXISTS (SELECT 1 FROM taken)
       )
       SELECT array_agg(seat_id ORDER BY seat_id) AS taken FROM taken`,
      { holdId: booking.hold_id, eventId: booking.event_id, seatIds, bookingId: booking.id },
      transaction,
    );
    if (result!.taken)
      throw new AppError(
        'BOOKING_EXPIRED',
        'The hold ran out and some of its seats have gone to someone else.',
        { seat_ids: result!.taken },
      );
  }
  for (const item of standing) {
    const [counter] = await selectRows<{ available: number; from_hold: number; reclaimed: number }>(
      `WITH reclaimed AS (SELECT reclaim_lapsed(:eventId, :sectionId, :holdId) AS places),
            -- What the booking's hold still has here: none if it lapsed (reclaimed above,
            -- which this statement's snapshot does not show).
            kept AS (SELECT LEAST(COALESCE((
                       SELECT hs.quantity FROM hold_sections hs JOIN holds h ON h.id = hs.hold_id
                        WHERE hs.hold_id = :holdId AND hs.section_id = :sectionId
                          AND h.status = 'active' AND h.expires_at > now()), 0), :quantity) AS places)
       SELECT capacity - sold - (held - (SELECT places FROM reclaimed) - (SELECT places FROM kept)) AS available,
              (SELECT places FROM kept) AS from_hold, (SELECT places FROM reclaimed) AS reclaimed
         FROM event_sections WHERE event_id = :eventId AND section_id = :sectionId`,
      {
        eventId: booking.event_id,
        sectionId: item.section_id,
        holdId: booking.hold_id,
        quantity: item.quantity,
      },
      transaction,
    );
    if (item.quantity > counter!.available)
      throw new AppError(
        'BOOKING_EXPIRED',
        'The hold ran out and its standing places have gone to someone else.',
        { section_id: item.section_id, available: counter!.available },
      );
    await execute(
      `WITH counter AS (
         UPDATE event_sections SET held = held - :reclaimed - :fromHold, sold = sold + :quantity
          WHERE event_id = :eventId AND section_id = :sectionId
       )
       UPDATE hold_sections SET quantity = quantity - :fromHold
        WHERE hold_id = :holdId AND section_id = :sectionId`,
      {
        reclaimed: counter!.reclaimed,
        quantity: item.quantity,
        eventId: booking.event_id,
        sectionId: item.section_id,
        fromHold: counter!.from_hold,
        holdId: booking.hold_id,
      },
      transaction,
    );
  }
  return { eventId: booking.event_id, seatIds, sectionIds };
}

/**
 * Gives a cancelled booking's places back (inside the caller's transaction): its seats
 * are free at once, and a paid booking's standing places leave the sold count.
 */
export async function returnPlaces(
  booking: BookingRow,
  transaction: Transaction,
): Promise<SeatChanges> {
  const seats = await selectRows<{ seat_id: number }>(
    `SELECT seat_id FROM event_seats WHERE booking_id = :bookingId`,
    { bookingId: booking.id },
    transaction,
  );
  const standing =
    booking.status === 'confirmed'
      ? await selectRows<{ section_id: number; quantity: number }>(
          `SELECT section_id, sum(quantity)::int AS quantity FROM booking_items
            WHERE booking_id = :bookingId AND seat_id IS NULL GROUP BY section_id ORDER BY section_id`,
          { bookingId: booking.id },
          transaction,
        )
      : [];
  const seatIds = seats.map((seat) => seat.seat_id);
  const sectionIds = standing.map((item) => item.section_id);
  await lockPlaces(booking.event_id, { seatIds, sectionIds }, transaction);
  if (seatIds.length)
    await execute(
      `UPDATE event_seats SET status = 'available', booking_id = NULL WHERE booking_id = :bookingId`,
      { bookingId: booking.id },
      transaction,
    );
  for (const item of standing)
    await execute(
      `UPDATE event_sections SET sold = sold - :quantity
        WHERE event_id = :eventId AND section_id = :sectionId`,
      { quantity: item.quantity, eventId: booking.event_id, sectionId: item.section_id },
      transaction,
    );
  return { eventId: booking.event_id, seatIds, sectionIds };
}
