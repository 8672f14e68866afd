import { AppError } from '../../core/errors.js';
import { bookingDetails } from '../../models/booking-details.js';
import { cancelBookingRow, cancellationOpen } from '../../models/booking-lifecycle.js';
import { assertVersion, lockBooking } from '../../models/booking-rows.js';
import { settleRefund } from '../../models/payments.js';
import { inTransaction } from '../../models/sql.js';
import { authorizeOwnerOrStaff, cancelNeedsWindow } from '../../policies/booking.js';
import { presentBooking } from '../../presenters/booking.js';
import { defineMethod } from '../define.js';
import { bookingId, version } from './booking-fields.js';

/**
 * Cancels a booking: its seats are free for the next buyer at once, its tickets void, a
 * paid one refunded. Customers may cancel a paid booking until CANCELLATION_CUTOFF_HOURS
 * before the event; staff and admins any time.
 */
export default defineMethod<{ id: string; version?: number }, object>({
  type: 'bookings.cancel',
  summary: 'Cancel a booking: seats free at once, tickets void, a paid one refunded.',
  access: 'signed_in',
  scope: 'write',
  noStore: true,
  input: { id: bookingId, version },
  async run(ctx, input) {
    const { booking, changes, refunds } = await inTransaction(async (transaction) => {
      const found = await lockBooking(input.id, transaction);
      authorizeOwnerOrStaff(ctx.actor!, found, 'booking');
      assertVersion(found, input.version);
      if (found.status !== 'pending' && found.status !== 'confirmed')
        throw new AppError('INVALID_STATE', `This booking is already ${found.status}.`);
      if (
        cancelNeedsWindow(ctx.actor!, found) &&
        !(await cancellationOpen(found.event_id, ctx.rules, transaction))
      )
        throw new AppError(
          'FORBIDDEN',
          `Bookings can be cancelled online until ${ctx.rules.cancellationCutoffHours} hours before the event; the box office can still help.`,
        );
      return { booking: found, ...(await cancelBookingRow(found, transaction)) };
    });
    ctx.realtime.seatsChanged(changes);
    // A provider that fails leaves the refund pending; the sweeper tries it again.
    for (const refund of refunds)
      await settleRefund(refund).catch((error: unknown) =>
        ctx.log.error({ err: error, booking: booking.id }, 'refund left pending'),
      );
    return { booking: presentBooking(await bookingDetails(booking.id)) };
  },
});
