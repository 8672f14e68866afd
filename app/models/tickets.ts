import type { Transaction } from 'sequelize';
import type { BookingItem, BookingRow } from './booking-rows.js';
import { ticketCode } from './codes.js';
import { execute, selectRows } from './sql.js';

/** One valid ticket per seat and per standing place of a booking. */
export async function issueTickets(
  booking: BookingRow,
  items: BookingItem[],
  transaction: Transaction,
): Promise<void> {
  const places = items.flatMap((item) =>
    Array.from({ length: item.quantity }, () => ({
      code: ticketCode(),
      section_id: item.section_id,
      seat_id: item.seat_id,
    })),
  );
  await execute(
    `INSERT INTO tickets (code, booking_id, event_id, section_id, seat_id)
     SELECT t.code, :bookingId, :eventId, t.section_id, t.seat_id
       FROM json_to_recordset(:places::json) AS t(code text, section_id int, seat_id int)`,
    { bookingId: booking.id, eventId: booking.event_id, places: JSON.stringify(places) },
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

// A ticket with its seat's labels, in the order a booking lists them.
const TICKET_COLUMNS = `t.code, t.event_id, t.section_id, c.name AS section, t.seat_id, s.row_label AS row,
  s.number, t.status, t.checked_in_at, b.code AS booking_code, t.booking_id`;
const TICKET_SOURCE = `tickets t JOIN sections c ON c.id = t.section_id JOIN bookings b ON b.id = t.booking_id
  LEFT JOIN seats s ON s.id = t.seat_id`;
const TICKET_ORDER = 't.section_id, s.row_label, s.number, t.id';

/** Tickets with their seat's labels: one by its code, or a booking's. */
export function findTickets(
  where: { code: string } | { bookingIds: string[] },
): Promise<TicketRow[]> {
  return selectRows<TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM ${TICKET_SOURCE}
      WHERE ${'code' in where ? 't.code = :code' : 't.booking_id = ANY(:bookingIds)'}
      ORDER BY ${TICKET_ORDER}`,
    where,
  );
}

/** A booking's tickets as a JSON array, for a query over bookings `b0`. */
export const TICKETS_OF_BOOKING = `COALESCE((
  SELECT json_agg(x) FROM (SELECT ${TICKET_COLUMNS} FROM ${TICKET_SOURCE}
                            WHERE t.booking_id = b0.id ORDER BY ${TICKET_ORDER}) x), '[]')`;
