import { AppError } from '../core/errors.js';
import type { Actor } from '../shared/types.js';

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
  if (record.user_id === actor.id || actor.role === 'staff' || actor.role === 'admin') return;
  throw new AppError('NOT_FOUND', `No such ${what}.`);
}
