import { BOOKING_COLUMNS, type BookingItem, type BookingRow } from './booking-rows.js';
import { selectRows } from './sql.js';
import { TICKETS_OF_BOOKING, type TicketRow } from './tickets.js';

type DetailedItem = BookingItem & {
  booking_id: string;
  section: string;
  row: string | null;
  number: number | null;
};

/**
 * A page of bookings, newest first, with how many there are in all: a user's own, or the
 * one with a booking code.
 */
export async function bookingsPage(
  whose: { userId: number } | { code: string },
  page: { limit: number; offset: number },
): Promise<{ ids: string[]; total: number }> {
  const rows = await selectRows<{ id: string; total: number }>(
    `SELECT id, count(*) OVER ()::int AS total FROM bookings
      WHERE ${'code' in whose ? 'code = :code' : 'user_id = :userId'}
      ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset`,
    { ...whose, ...page },
  );
  return { ids: rows.map((row) => row.id), total: rows[0]?.total ?? 0 };
}

/** A booking with its items and tickets (seat labels included), for presenting. */
export async function bookingDetails(bookingId: string) {
  return (await bookingsDetails([bookingId]))[0]!;
}

/** The same for many bookings, in their order, in one query whatever their number. */
export async function bookingsDetails(bookingIds: string[]) {
  if (!bookingIds.length) return [];
  const rows = await selectRows<BookingRow & { items: DetailedItem[]; tickets: TicketRow[] }>(
    `SELECT ${BOOKING_COLUMNS},
            COALESCE((
              SELECT json_agg(x) FROM (
                SELECT i.booking_id, i.section_id, c.name AS section, i.seat_id, s.row_label AS row,
                       s.number, i.quantity, i.unit_price_cents
                  FROM booking_items i JOIN sections c ON c.id = i.section_id
                  LEFT JOIN seats s ON s.id = i.seat_id
                 WHERE i.booking_id = b0.id ORDER BY i.section_id, s.row_label, s.number) x), '[]') AS items,
            ${TICKETS_OF_BOOKING} AS tickets
       FROM bookings b0 WHERE id = ANY(:bookingIds)`,
    { bookingIds },
  );
  return bookingIds.map((id) => {
    const { items, tickets, ...booking } = rows.find((row) => row.id === id)!;
    return { booking: booking as BookingRow, items, tickets };
  });
}
