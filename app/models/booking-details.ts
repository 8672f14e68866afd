import { BOOKING_COLUMNS, type BookingItem, type BookingRow } from './booking-rows.js';
import { selectRows } from './sql.js';
import { findTickets } from './tickets.js';

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
