import { startPeriodicJob } from '../core/jobs.js';
import type { Logger } from '../core/logger.js';
import type { RealtimeHub } from '../core/realtime-hub.js';
import { pendingRefunds, settleRefund } from '../models/payments.js';
import { sweepExpired } from '../models/sweeper.js';

/**
 * Every SWEEP_INTERVAL_MS: ends expired holds and expires unpaid bookings, then tells
 * the event's watchers what was freed and each owner that their hold or booking ran out;
 * and settles refunds still owed.
 * Safe with several processes sweeping the same database (see sweepExpired).
 */
export function startSweeper(realtime: RealtimeHub, intervalMs: number, logger: Logger) {
  return startPeriodicJob(
    'sweeper',
    intervalMs,
    async () => {
      const swept = await sweepExpired();
      for (const hold of swept.holds) {
        realtime.seatsChanged(hold.changes);
        realtime.notifyUser(hold.userId, 'holds.expired', { hold_id: hold.id });
      }
      for (const booking of swept.bookings) {
        if (booking.changes) realtime.seatsChanged(booking.changes);
        realtime.notifyUser(booking.userId, 'bookings.expired', { booking_id: booking.id });
      }
      if (swept.holds.length || swept.bookings.length)
        logger.info(
          { holds: swept.holds.length, bookings: swept.bookings.length },
          'sweeper freed expired holds and unpaid bookings',
        );
      // Each refund on its own: one the provider keeps refusing does not hold up the rest.
      for (const paymentId of await pendingRefunds())
        await settleRefund(paymentId).catch((error: unknown) =>
          logger.error({ err: error, payment: paymentId }, 'refund still pending'),
        );
    },
    logger,
  );
}
