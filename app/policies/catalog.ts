import { AppError } from '../core/errors.js';
import { actsAsAdmin, type Actor } from '../shared/types.js';

/**
 * Organizers manage what they created (venues, halls in them, events); admins manage
 * everything. Throws FORBIDDEN otherwise.
 */
export function authorizeOwner(
  actor: Actor,
  record: { created_by: number | null },
  what: string,
): void {
  if (actsAsAdmin(actor) || record.created_by === actor.id) return;
  throw new AppError('FORBIDDEN', `Only its organizer or an admin can change this ${what}.`);
}

/** Whether an event is open to visitors (anyone may see what they see). */
export const mayViewAnonymously = (event: { status: string }): boolean => event.status !== 'draft';

/** A draft is visible only to its organizer and admins; to anyone else it does not exist. */
export function authorizeView<T extends { status: string; created_by: number | null }>(
  actor: Actor | null,
  event: T | null,
): asserts event is T {
  const mayPeek = actor && (actsAsAdmin(actor) || actor.id === event?.created_by);
  if (!event || (!mayViewAnonymously(event) && !mayPeek))
    throw new AppError('NOT_FOUND', 'No such event.');
}
