import { AppError } from '../../core/errors.js';
import { cancelBookingRow } from '../../models/booking-lifecycle.js';
import { lockBooking, lockBookingsOfEvent } from '../../models/booking-rows.js';
import { loadEventView } from '../../models/event-view.js';
import { activeHoldsOf, lockHold, type SeatChanges } from '../../models/holds.js';
import { lockPlaces } from '../../models/inventory/locks.js';
import { endHold } from '../../models/inventory/release.js';
import { settleRefund } from '../../models/payments.js';
import { Event } from '../../models/index.js';
import { inTransaction } from '../../models/sql.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/**
 * Cancels an event in one transaction: every booking cancelled (paid ones refunded after
 * the commit), its tickets void, every hold released, and the event off sale, so its
 * seats stay as they are from then on. The event row is locked first, which holds and
 * checkouts wait for, so nothing is sold while it is being cancelled.
 */
export default defineMethod<{ id: number }, object>({
  type: 'events.cancel',
  summary: 'Cancel an event: bookings cancelled and refunded, tickets void, holds released.',
  access: ['organizer'],
  scope: 'write',
  input: { id },
  async run(ctx, input) {
    const { event, changes, refunds, owners } = await inTransaction(async (transaction) => {
      const found = await Event.findByPk(input.id, { transaction, lock: transaction.LOCK.UPDATE });
      if (!found) throw new AppError('NOT_FOUND', 'No such event.');
      authorizeOwner(ctx.actor!, found, 'event');
      if (found.status === 'cancelled')
        throw new AppError('INVALID_STATE', 'The event is already cancelled.');
      const changes: SeatChanges = { eventId: found.id, seatIds: [], sectionIds: [] };
      const refunds = [];
      const owners = new Map<string, number>();
      // Everything it will change, locked up front in the order every writer keeps:
      // bookings, holds, then seats in seat order.
      const bookings = await lockBookingsOfEvent(found.id, transaction);
      await activeHoldsOf(found.id, transaction, 'lock');
      await lockPlaces(found.id, { allTaken: true }, transaction);
      for (const bookingId of bookings) {
        const booking = await lockBooking(bookingId, transaction);
        const cancelled = await cancelBookingRow(booking, transaction);
        changes.seatIds.push(...cancelled.changes.seatIds);
        changes.sectionIds.push(...cancelled.changes.sectionIds);
        refunds.push(...cancelled.refunds);
        owners.set(booking.id, booking.user_id);
      }
      // Those the bookings' cancelling left active.
      for (const holdId of await activeHoldsOf(found.id, transaction, 'read')) {
        const freed = await endHold(await lockHold(holdId, transaction), 'released', transaction);
        changes.seatIds.push(...freed.seatIds);
        changes.sectionIds.push(...freed.sectionIds);
      }
      await found.update({ status: 'cancelled' }, { transaction });
      return { event: found, changes, refunds, owners };
    });
    ctx.realtime.seatsChanged(changes);
    for (const [bookingId, userId] of owners)
      ctx.realtime.notifyUser(userId, 'bookings.cancelled', { booking_id: bookingId });
    // A provider that fails leaves its refund pending; the sweeper tries it again.
    for (const refund of refunds)
      await settleRefund(refund).catch((error: unknown) =>
        ctx.log.error({ err: error, payment: refund }, 'refund left pending'),
      );
    const view = await loadEventView(event);
    return { event: presentEvent(view.event, view.hall, view.venue, view.prices) };
  },
});
