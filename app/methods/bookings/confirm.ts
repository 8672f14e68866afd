import { AppError, toAppError } from '../../core/errors.js';
import { bookingDetails } from '../../models/booking-details.js';
import { closeHold, dropUnpaidBooking, markConfirmed } from '../../models/booking-lifecycle.js';
import {
  assertVersion,
  itemsOf,
  lockBooking,
  lockEventOfBooking,
  type BookingRow,
} from '../../models/booking-rows.js';
import { securePlaces } from '../../models/inventory/sell.js';
import { owedRefunds, recordCharge, settleRefund } from '../../models/payments.js';
import { issueTickets } from '../../models/tickets.js';
import { couponUsable, takeCouponUse } from '../../models/coupons.js';
import { lockHold } from '../../models/holds.js';
import { idempotent } from '../../models/idempotency.js';
import { providerFor, type PaymentProvider } from '../../models/payment-providers.js';
import { isRetryable, oneTransaction } from '../../models/sql.js';
import { authorizeOwnerOrStaff } from '../../policies/booking.js';
import { presentBooking } from '../../presenters/booking.js';
import type { MethodContext } from '../context.js';
import { defineMethod } from '../define.js';
import { bookingId, idempotencyKey, version } from './booking-fields.js';

interface Input {
  id: string;
  payment: { provider: string } & Record<string, unknown>;
  version?: number;
  idempotency_key?: string;
}

/** The booking's coupon has no use left to take at payment. */
class CouponGone extends Error {
  constructor(readonly booking: BookingRow) {
    super('coupon gone');
  }
}

class Declined extends Error {
  constructor(
    readonly booking: BookingRow,
    readonly reference: string,
  ) {
    super('declined');
  }
}

/**
 * Pays for a pending booking: its places are made its own (taken again if its hold ran
 * out and they are still free, else BOOKING_EXPIRED and nothing charged), the payment is
 * taken, tickets are issued, all in one transaction. A charge whose transaction then
 * fails is refunded, so no charge is kept for a booking that did not happen.
 */
export default defineMethod<Input, object>({
  type: 'bookings.confirm',
  summary: 'Pay for a pending booking: seats booked, tickets issued.',
  access: 'signed_in',
  scope: 'write',
  noStore: true,
  input: {
    id: bookingId,
    payment: { isObject: { errorMessage: 'must say how to pay: {provider, ...}' } },
    'payment.provider': { isString: { errorMessage: 'is required' } },
    'payment.card_number': { optional: true, isString: true },
    'payment.method': { optional: true, isString: true },
    version,
    idempotency_key: idempotencyKey,
  },
  async run(ctx, input) {
    const { idempotency_key: key, ...request } = input;
    const provider = providerFor(ctx.actor!, input.payment);
    // The stored fingerprint must not make a card number recoverable: only its end counts.
    const card = String(input.payment.card_number ?? '').replace(/\D/g, '');
    const fingerprint = { ...request, payment: { ...input.payment, card_number: card.slice(-4) } };
    return idempotent(
      { key, scope: 'bookings.confirm', userId: ctx.actor!.id, request: fingerprint },
      () => confirm(ctx, input, provider),
    );
  },
});

async function confirm(ctx: MethodContext, input: Input, provider: PaymentProvider) {
  for (let attempt = 1; ; attempt++) {
    try {
      const { booking, changes } = await payInOneTransaction(ctx, input, provider);
      ctx.realtime.seatsChanged(changes);
      return { booking: presentBooking(await bookingDetails(booking.id)) };
    } catch (error) {
      // A deadlock victim runs again; if it had charged, that charge was refunded first.
      if (attempt >= 3 || !isRetryable(error)) throw error;
    }
  }
}

/**
 * The payment's transaction. A decline is recorded after the rollback; a charge whose
 * transaction does not commit is refunded, and both are recorded, so the books show the
 * money going out and back.
 */
async function payInOneTransaction(ctx: MethodContext, input: Input, provider: PaymentProvider) {
  let charged: { booking: BookingRow; reference: string } | null = null;
  try {
    return await oneTransaction(async (transaction) => {
      // The booking's event first, as the lock order has it, then the booking.
      const event = await lockEventOfBooking(input.id, transaction);
      if (!event) throw new AppError('NOT_FOUND', 'No such booking.');
      const found = await lockBooking(input.id, transaction);
      authorizeOwnerOrStaff(ctx.actor!, found, 'booking');
      assertVersion(found, input.version);
      if (found.status === 'confirmed')
        throw new AppError('INVALID_STATE', 'This booking is already paid.');
      if (found.status !== 'pending' || found.lapsed || event.status !== 'published')
        throw new AppError('BOOKING_EXPIRED', 'This booking can no longer be paid.', {
          status: found.lapsed && found.status === 'pending' ? 'expired' : found.status,
        });
      // The hold before its seats, as every writer locks them: the sweeper skips it now.
      const hold = found.hold_id ? await lockHold(found.hold_id, transaction) : null;
      const items = await itemsOf(found.id, transaction);
      const secured = await securePlaces(found, items, transaction);
      // The coupon is looked at before the charge, so a used-up one charges nothing, and
      // its use is taken after it, so its row is not locked while the provider answers.
      if (found.coupon_id && !(await couponUsable(found.coupon_id, transaction)))
        throw new CouponGone(found);
      const result = await provider.charge({
        amountCents: found.total_cents,
        currency: found.currency,
        details: input.payment,
        description: `Seats booking ${found.code}`,
      });
      if (result.status === 'declined') throw new Declined(found, result.reference);
      charged = { booking: found, reference: result.reference };
      await recordCharge(
        {
          bookingId: found.id,
          provider: provider.name,
          status: 'succeeded',
          amountCents: found.total_cents,
          currency: found.currency,
          reference: result.reference,
        },
        transaction,
      );
      if (found.coupon_id && !(await takeCouponUse(found.coupon_id, transaction)))
        throw new CouponGone(found);
      await issueTickets(found, items, transaction);
      await markConfirmed(found.id, transaction);
      const leftovers = hold && (await closeHold(hold, transaction));
      return {
        booking: found,
        changes: {
          ...secured,
          seatIds: [...secured.seatIds, ...(leftovers?.seatIds ?? [])],
          sectionIds: [...secured.sectionIds, ...(leftovers?.sectionIds ?? [])],
        },
      };
    });
  } catch (raw) {
    if (raw instanceof Declined) {
      await recordCharge({
        bookingId: raw.booking.id,
        provider: provider.name,
        status: 'declined',
        amountCents: raw.booking.total_cents,
        currency: raw.booking.currency,
        reference: raw.reference,
      });
      throw new AppError('PAYMENT_DECLINED', 'The card was declined. Try another card.', {
        provider: provider.name,
      });
    }
    const kept = charged as { booking: BookingRow; reference: string } | null;
    if (kept) {
      // The charge and the refund it is owed are written first, in their own transaction,
      // so the money is accounted for even if the provider fails now; the refund is then
      // settled (or later, by the sweeper).
      const [refund] = await oneTransaction(async (transaction) => {
        await recordCharge(
          {
            bookingId: kept.booking.id,
            provider: provider.name,
            status: 'succeeded',
            amountCents: kept.booking.total_cents,
            currency: kept.booking.currency,
            reference: kept.reference,
          },
          transaction,
        );
        return owedRefunds(kept.booking.id, transaction);
      });
      await settleRefund(refund!).catch((error: unknown) =>
        ctx.log.error({ err: error, booking: kept.booking.id }, 'refund left pending'),
      );
      ctx.log.warn(
        { err: toAppError(raw), booking: kept.booking.id },
        'payment refunded: the booking could not be confirmed',
      );
    }
    if (raw instanceof CouponGone) throw await giveUpForCoupon(ctx, raw.booking, kept !== null);
    throw raw;
  }
}

/**
 * The coupon ran out (or stopped) between checkout and payment; anything charged has been
 * refunded. The booking is given up, and its hold keeps the seats for a new checkout if
 * it is still running; if it ran out meanwhile, the customer may take the seats again at
 * once (no cool-down), as long as nobody else has.
 */
async function giveUpForCoupon(
  ctx: MethodContext,
  booking: BookingRow,
  refunded: boolean,
): Promise<AppError> {
  const { dropped, holdAlive, changes } = await oneTransaction((transaction) =>
    dropUnpaidBooking(booking, transaction),
  );
  if (changes) ctx.realtime.seatsChanged(changes);
  const money = refunded ? 'the payment is being refunded' : 'nothing was charged';
  const next = !dropped
    ? 'This booking changed meanwhile.'
    : holdAlive
      ? 'Your seats are still held: check out again.'
      : 'Your hold has run out too: choose your seats again.';
  return new AppError(
    'INVALID_STATE',
    `The coupon of this booking ran out or stopped before payment, and ${money}. ${next}`,
    { coupon: 'can no longer be used', ...(holdAlive ? { hold_id: booking.hold_id } : {}) },
  );
}
