import { AppError } from '../../core/errors.js';
import { bookingDetails } from '../../models/booking-details.js';
import { findBooking } from '../../models/booking-rows.js';
import { authorizeOwnerOrStaff } from '../../policies/booking.js';
import { presentBooking } from '../../presenters/booking.js';
import { defineMethod } from '../define.js';
import { bookingId } from './booking-fields.js';

export default defineMethod<{ id: string }, object>({
  type: 'bookings.get',
  summary: 'One booking with its items and tickets (its owner, staff and admins).',
  access: 'signed_in',
  scope: 'read',
  noStore: true,
  input: { id: bookingId },
  async run(ctx, input) {
    const booking = await findBooking({ id: input.id });
    if (!booking) throw new AppError('NOT_FOUND', 'No such booking.');
    authorizeOwnerOrStaff(ctx.actor!, booking, 'booking');
    return { booking: presentBooking(await bookingDetails(booking.id)) };
  },
});
