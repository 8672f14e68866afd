import { AppError } from '../../core/errors.js';
import { bookingDetails } from '../../models/booking-details.js';
import { createBooking } from '../../models/booking-lifecycle.js';
import { CouponAttempts } from '../../models/coupon-attempts.js';
import { CouponRefused } from '../../models/coupons.js';
import { idempotent } from '../../models/idempotency.js';
import { inTransaction } from '../../models/sql.js';
import { authorizeOwnerOrStaff } from '../../policies/booking.js';
import { presentBooking } from '../../presenters/booking.js';
import { isStaff } from '../../shared/types.js';
import type { MethodContext } from '../context.js';
import { defineMethod } from '../define.js';
import { idempotencyKey } from './booking-fields.js';

interface Input {
  hold_id: string;
  coupon?: string;
  idempotency_key?: string;
}

/** A pending booking from the caller's hold, with its total (coupon applied) and a payment window. */
export default defineMethod<Input, object>({
  type: 'bookings.create',
  summary: 'Book what a hold has: a pending booking with its total and a payment window.',
  access: 'signed_in',
  scope: 'write',
  noStore: true,
  input: {
    hold_id: { isUUID: { errorMessage: 'must be a hold id' } },
    coupon: {
      optional: true,
      isString: true,
      trim: true,
      isLength: { options: { max: 32 }, errorMessage: 'must be at most 32 characters' },
    },
    idempotency_key: idempotencyKey,
  },
  async run(ctx, input) {
    const { idempotency_key: key, ...request } = input;
    return idempotent(
      { key, scope: 'bookings.create', userId: ctx.actor!.id, request },
      async () => {
        const booking = await guardCoupon(ctx, input.coupon, () =>
          inTransaction((transaction) =>
            createBooking(
              { holdId: input.hold_id, coupon: input.coupon },
              (hold) => authorizeOwnerOrStaff(ctx.actor!, hold, 'hold'),
              ctx.rules,
              transaction,
            ),
          ),
        );
        return { booking: presentBooking(await bookingDetails(booking.id)) };
      },
    );
  },
});

/**
 * Coupon codes cannot be guessed: a customer's codes that are refused count toward a
 * limit (CouponAttempts), and customers get one answer for every refusal, so an unknown
 * code looks like a stopped, expired or used-up one. Staff and admins see the reason.
 */
async function guardCoupon<T>(
  ctx: MethodContext,
  coupon: string | undefined,
  book: () => Promise<T>,
): Promise<T> {
  const actor = ctx.actor!;
  if (!coupon || isStaff(actor.role)) return book();
  await CouponAttempts.take(actor.id, ctx.ip);
  try {
    const booked = await book();
    await CouponAttempts.notRefused(actor.id, ctx.ip);
    return booked;
  } catch (error) {
    if (!(error instanceof CouponRefused)) {
      await CouponAttempts.notRefused(actor.id, ctx.ip);
      throw error;
    }
    throw new AppError('VALIDATION_FAILED', 'That code cannot be used for this order.', {
      coupon: 'cannot be used for this order',
    });
  }
}
