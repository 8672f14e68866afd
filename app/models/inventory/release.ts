import type { Transaction } from 'sequelize';
import { AppError } from '../../core/errors.js';
import {
  holdRowOf,
  type HoldContents,
  type HoldJson,
  type HoldRow,
  type SeatChanges,
} from '../holds.js';
import { execute, selectRows } from '../sql.js';
import { idArray } from './locks.js';

interface Freed {
  event_id: number;
  seat_ids: number[];
  section_ids: number[];
}

const changesOf = (freed: Freed): SeatChanges => ({
  eventId: freed.event_id,
  seatIds: freed.seat_ids,
  sectionIds: freed.section_ids,
});

/**
 * Gives seats back for the hold's owner, or for anyone when `anyUser` (the policy's
 * answer): the seats and standing sections named, or the whole hold when neither list is
 * given. A hold left with no places ends; a hold no longer active is answered as it is,
 * with nothing. NOT_FOUND for a hold that is not there, or not the caller's to release.
 * One statement (release_hold, migrations 0010 and 0013).
 */
export async function releasePlaces(input: {
  holdId: string;
  userId: number;
  anyUser: boolean;
  seatIds?: number[];
  sectionIds?: number[];
}): Promise<{ hold: HoldRow; changes: SeatChanges | null; contents: HoldContents }> {
  const [row] = await selectRows<{
    result: (HoldJson & { changes: Freed | null }) | { refused: 'NOT_FOUND' };
  }>(
    'SELECT release_hold(:holdId::uuid, :userId::int, :anyUser, :seatIds::int[], :sectionIds::int[]) AS result',
    {
      holdId: input.holdId,
      userId: input.userId,
      anyUser: input.anyUser,
      seatIds: idArray(input.seatIds),
      sectionIds: idArray(input.sectionIds),
    },
  );
  const result = row!.result;
  if ('refused' in result) throw new AppError('NOT_FOUND', 'No such hold.');
  return {
    hold: holdRowOf(result.hold),
    changes: result.changes && changesOf(result.changes),
    contents: { seatIds: result.seat_ids, sections: result.sections },
  };
}

/**
 * Ends a hold inside the caller's transaction (the hold locked by the caller): released,
 * expired, or booked (what its booking did not take goes back); all its places are
 * freed. Answers what changed.
 */
export async function endHold(
  hold: HoldRow,
  status: 'released' | 'expired' | 'booked',
  transaction: Transaction,
): Promise<SeatChanges> {
  const [row] = await selectRows<{ freed: Freed }>(
    'SELECT end_hold(:holdId::uuid, :status) AS freed',
    { holdId: hold.id, status },
    transaction,
  );
  return changesOf(row!.freed);
}

/**
 * The cool-down marks a user's own hold left on a booking's places go (the booking was
 * given up for a reason not theirs): on its seats that they let go, and on the standing
 * places of `holdId`. The caller has locked those seats (lockPlaces).
 */
export async function liftCooldown(
  booking: { event_id: number; user_id: number },
  holdId: string,
  places: { seatIds: number[]; sectionIds: number[] },
  transaction: Transaction,
): Promise<void> {
  await execute(
    `WITH seats AS (
       UPDATE event_seats SET released_by = NULL
        WHERE event_id = :eventId AND released_by = :userId AND seat_id = ANY(:seatIds::int[])
     )
     UPDATE hold_sections SET released_at = NULL
      WHERE hold_id = :holdId AND section_id = ANY(:sectionIds::int[])`,
    {
      eventId: booking.event_id,
      userId: booking.user_id,
      seatIds: idArray(places.seatIds),
      sectionIds: idArray(places.sectionIds),
      holdId,
    },
    transaction,
  );
}
