import { AppError } from '../../core/errors.js';
import { bookingsDetails, bookingsPage } from '../../models/booking-details.js';
import { presentBooking } from '../../presenters/booking.js';
import { defineMethod } from '../define.js';
import { page as pageField } from '../fields.js';

const PAGE_SIZE = 20;

/** The caller's bookings, newest first; staff and admins may look one up by its code. */
export default defineMethod<{ page?: number; code?: string }, object>({
  type: 'bookings.list',
  summary: 'Your bookings, newest first (staff: look one up by code).',
  access: 'signed_in',
  scope: 'read',
  noStore: true,
  input: {
    page: pageField,
    code: {
      optional: true,
      isString: true,
      trim: true,
      toUpperCase: true,
      matches: { options: /^[0-9A-Z]{8}$/, errorMessage: 'must be an 8-character booking code' },
    },
  },
  async run(ctx, input) {
    const staff = ctx.actor!.role === 'staff' || ctx.actor!.role === 'admin';
    if (input.code && !staff)
      throw new AppError('FORBIDDEN', 'Only box-office staff look bookings up by code.');
    const page = input.page ?? 1;
    const found = await bookingsPage(
      input.code ? { code: input.code } : { userId: ctx.actor!.id },
      {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      },
    );
    const details = await bookingsDetails(found.ids);
    return {
      bookings: details.map(presentBooking),
      page,
      total: found.total,
      page_size: PAGE_SIZE,
    };
  },
});
