import { AppError } from '../../core/errors.js';
import { qrDataUrl } from '../../core/qr.js';
import { loadEventView } from '../../models/event-view.js';
import { Event } from '../../models/index.js';
import { findTickets } from '../../models/tickets.js';
import { presentTicket } from '../../presenters/booking.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';

/**
 * A ticket by its code, with its event and a QR image of the code. The code is the
 * ticket: unguessable, it is what a gate scans, so whoever holds it may see it.
 */
export default defineMethod<{ code: string }, object>({
  type: 'tickets.get',
  summary: 'A ticket by its code, with its event and QR image (data URL).',
  access: 'anyone',
  scope: 'read',
  noStore: true,
  input: {
    code: {
      isString: true,
      trim: true,
      toUpperCase: true,
      matches: { options: /^[0-9A-Z]{26}$/, errorMessage: 'must be a 26-character ticket code' },
    },
  },
  async run(_ctx, input) {
    const [ticket] = await findTickets({ code: input.code });
    if (!ticket) throw new AppError('NOT_FOUND', 'No such ticket.');
    const view = await loadEventView((await Event.findByPk(ticket.event_id))!);
    return {
      ticket: { ...presentTicket(ticket), booking_code: ticket.booking_code },
      event: presentEvent(view.event, view.hall, view.venue, view.prices),
      qr_code: await qrDataUrl(ticket.code, 320),
    };
  },
});
