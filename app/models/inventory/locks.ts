import type { Transaction } from 'sequelize';
import { execute } from '../sql.js';

// Every lock on places is taken here, in one order: an event's seats by seat id, then its
// section counters by section id (the SQL function lock_places, migration 0010, which the
// server-side hold and release call as well). Locks on the rows above them come first,
// where a writer takes them: events, bookings, holds. pretix's lock_objects is the model:
// sorted keys, one statement, a short lock timeout, and no lock outside a transaction.

/** What a writer is about to change: seats and standing sections of one event. */
export interface Places {
  seatIds?: number[];
  sectionIds?: number[];
  /** And every place these holds have now: their seats, and their standing sections. */
  heldBy?: string | string[];
  /** And every seat of the event that is held or sold (cancelling it). */
  allTaken?: boolean;
}

/**
 * Locks the places of one event for the rest of `transaction`, in the lock order. A lock
 * held by another writer for 5 s ends the wait with PostgreSQL's 55P03, which
 * inTransaction runs again.
 */
export async function lockPlaces(
  eventId: number,
  places: Places,
  transaction: Transaction | undefined,
): Promise<void> {
  // A lock outside a transaction would be let go when its statement ends.
  if (!transaction) throw new Error('lockPlaces needs a transaction');
  const heldBy = [places.heldBy ?? []].flat();
  if (!places.seatIds?.length && !places.sectionIds?.length && !heldBy.length && !places.allTaken)
    return;
  await execute(
    `SELECT lock_places(:eventId::int, :seatIds::int[]
              || ARRAY(SELECT seat_id FROM event_seats
                        WHERE hold_id = ANY(:heldBy::uuid[]) AND status = 'held')
              || ARRAY(SELECT seat_id FROM event_seats
                        WHERE :allTaken AND event_id = :eventId AND status <> 'available'),
            :sectionIds::int[] || ARRAY(SELECT section_id FROM hold_sections
                                         WHERE hold_id = ANY(:heldBy::uuid[]) AND quantity > 0))`,
    {
      eventId,
      seatIds: idArray(places.seatIds ?? []),
      sectionIds: idArray(places.sectionIds ?? []),
      heldBy,
      allTaken: places.allTaken ?? false,
    },
    transaction,
  );
}

/** An id list as a PostgreSQL array literal (the functions sort what they lock). */
export function idArray(ids: number[]): string;
export function idArray(ids: number[] | undefined): string | null;
export function idArray(ids: number[] | undefined): string | null {
  return ids ? `{${ids.map(Number).join(',')}}` : null;
}
