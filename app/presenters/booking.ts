import type { BookingRules } from '../core/config.js';
import type { bookingDetails } from '../models/booking-details.js';
import type { TicketRow } from '../models/tickets.js';
import type { HoldRow } from '../models/holds.js';

/** A hold as docs/api.md (Resources) shapes it. Only its owner ever sees it. */
export function presentHold(
  hold: HoldRow,
  contents: { seatIds: number[]; sections: Array<{ section_id: number; quantity: number }> },
  rules: BookingRules,
) {
  const active = hold.status === 'active' && !hold.lapsed;
  return {
    id: hold.id,
    event_id: hold.event_id,
    status: active ? 'active' : hold.status === 'active' ? 'expired' : hold.status,
    seat_ids: active ? contents.seatIds : [],
    sections: active ? contents.sections : [],
    expires_at: new Date(hold.expires_at).toISOString(),
    extensions_left: Math.max(0, rules.holdMaxExtensions - hold.extensions),
    customer_name: hold.customer_name,
  };
}

type Details = Awaited<ReturnType<typeof bookingDetails>>;

/** A ticket as docs/api.md (Resources) shapes it, with its seat's labels. */
export function presentTicket(ticket: TicketRow) {
  return {
    code: ticket.code,
    event_id: ticket.event_id,
    section_id: ticket.section_id,
    section: ticket.section,
    seat_id: ticket.seat_id,
    row: ticket.row,
    number: ticket.number,
    status: ticket.status,
    checked_in_at: ticket.checked_in_at ? new Date(ticket.checked_in_at).toISOString() : null,
  };
}

/** A booking as docs/api.md (Resources) shapes it: what it is for, what it costs, its tickets. */
export function presentBooking({ booking, items, tickets }: Details) {
  const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);
  return {
    id: booking.id,
    code: booking.code,
    event_id: booking.event_id,
    status: booking.status,
    subtotal_cents: booking.subtotal_cents,
    discount_cents: booking.discount_cents,
    total_cents: booking.total_cents,
    currency: booking.currency,
    version: booking.version,
    expires_at: iso(booking.expires_at),
    confirmed_at: iso(booking.confirmed_at),
    cancelled_at: iso(booking.cancelled_at),
    customer_name: booking.customer_name,
    items: items.map((item) => ({
      section_id: item.section_id,
      section: item.section,
      seat_id: item.seat_id,
      row: item.row,
      number: item.number,
      quantity: item.quantity,
      unit_price_cents: item.unit_price_cents,
    })),
    tickets: tickets.map(presentTicket),
  };
}
