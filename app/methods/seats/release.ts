import { endHold, freePlaces, holdContents, lockHold } from '../../models/holds.js';
import { inTransaction } from '../../models/sql.js';
import { authorizeOwnerOrStaff } from '../../policies/booking.js';
import { presentHold } from '../../presenters/booking.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/**
 * Gives seats back: the ones named (seats, or standing sections), or the whole hold. A
 * hold left with no places ends. Releasing what is already free changes nothing.
 */
export default defineMethod<
  { hold_id: string; seat_ids?: number[]; section_ids?: number[] },
  object
>({
  type: 'seats.release',
  summary: 'Release some seats or standing sections of a hold, or all of it.',
  access: 'signed_in',
  scope: 'write',
  input: {
    hold_id: { isUUID: { errorMessage: 'must be a hold id' } },
    seat_ids: {
      optional: true,
      isArray: { options: { max: 100 }, errorMessage: 'must be a list' },
    },
    'seat_ids.*': id,
    section_ids: {
      optional: true,
      isArray: { options: { max: 50 }, errorMessage: 'must be a list' },
    },
    'section_ids.*': id,
  },
  async run(ctx, input) {
    // Naming lists (even empty ones) releases just those; naming none releases it all.
    const some = input.seat_ids !== undefined || input.section_ids !== undefined;
    const { hold, changes, contents } = await inTransaction(async (transaction) => {
      const found = await lockHold(input.hold_id, transaction);
      authorizeOwnerOrStaff(ctx.actor!, found, 'hold');
      if (found.status !== 'active')
        return { hold: found, changes: null, contents: { seatIds: [], sections: [] } };
      const freed = some
        ? await freePlaces(
            found,
            { seatIds: input.seat_ids, sectionIds: input.section_ids },
            transaction,
          )
        : await endHold(found, 'released', transaction);
      const left = await holdContents(found.id, transaction);
      if (some && !left.seatIds.length && !left.sections.length)
        await endHold(found, 'released', transaction);
      const after = await lockHold(found.id, transaction);
      return { hold: after, changes: freed, contents: left };
    });
    if (changes) ctx.realtime.seatsChanged(changes);
    return { hold: presentHold(hold, contents, ctx.rules) };
  },
});
