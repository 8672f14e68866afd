import { AppError } from '../core/errors.js';
import type { Actor } from '../shared/types.js';

/**
 * Organizers manage what they created (venues, halls in them, events); admins manage
 * everything. Throws FORBIDDEN otherwise.
 */
export function authorizeOwner(
  actor: Actor,
  record: { created_by: number | null },
  what: string,
): void {
  if (actor.role === 'admin' || record.created_by === actor.id) return;
  throw new AppError('FORBIDDEN', `Only its organizer or an admin can change this ${what}.`);
}
