import { releasePlaces } from '../../models/inventory/release.js';
import { withRetries } from '../../models/sql.js';
import { actsForAnyone } from '../../policies/booking.js';
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
    // Owners release their holds, staff anyone's (the policy); to anyone else a hold is
    // NOT_FOUND, checked in the release's one statement.
    const { hold, changes, contents } = await withRetries(() =>
      releasePlaces({
        holdId: input.hold_id,
        userId: ctx.actor!.id,
        anyUser: actsForAnyone(ctx.actor!),
        seatIds: input.seat_ids,
        sectionIds: input.section_ids,
      }),
    );
    if (changes) ctx.realtime.seatsChanged(changes);
    return { hold: presentHold(hold, contents, ctx.rules) };
  },
});
