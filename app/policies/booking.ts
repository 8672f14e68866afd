import { AppError } from '../core/errors.js';
import { isStaff, type Actor } from '../shared/types.js';

/**
 * A hold or booking belongs to the user who made it (for a walk-in, the clerk who sold
 * it). Its owner, and staff and admins, may act on it; to anyone else it does not exist,
 * so its id tells them nothing.
 */
export function authorizeOwnerOrStaff(
  actor: Actor,
  record: { user_id: number },
  what: 'hold' | 'booking',
): void {
  if (record.user_id === actor.id || actsForAnyone(actor)) return;
  throw new AppError('NOT_FOUND', `No such ${what}.`);
}

/**
 * Whether cancelling needs the event to be more than the cut-off away: a customer's paid
 * booking does; an unpaid one, or staff and admins, do not.
 */
export const cancelNeedsWindow = (actor: Actor, booking: { status: string }): boolean =>
  !actsForAnyone(actor) && booking.status !== 'pending';

/** Staff and admins act on anyone's holds and bookings (the box office sells for walk-ins). */
export const actsForAnyone = (actor: Actor): boolean => isStaff(actor.role);
