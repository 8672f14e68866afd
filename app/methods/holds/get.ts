import { AppError } from '../../core/errors.js';
import { findHold, holdContents } from '../../models/holds.js';
import { authorizeOwnerOrStaff } from '../../policies/booking.js';
import { presentHold } from '../../presenters/booking.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/** A hold by id, or the caller's live hold for an event (`hold: null` when none). */
export default defineMethod<{ hold_id?: string; event_id?: number }, object>({
  type: 'holds.get',
  summary: 'A hold with its seats and time left: by hold_id, or the caller’s for an event_id.',
  access: 'signed_in',
  scope: 'read',
  input: {
    hold_id: { optional: true, isUUID: { errorMessage: 'must be a hold id' } },
    event_id: { ...id, optional: true },
  },
  async run(ctx, input) {
    if (!input.hold_id === !input.event_id)
      throw new AppError('VALIDATION_FAILED', 'Give hold_id or event_id.', {
        hold_id: 'give hold_id or event_id',
      });
    const hold = await findHold(
      input.hold_id ? { id: input.hold_id } : { eventId: input.event_id!, userId: ctx.actor!.id },
    );
    if (!hold) {
      if (input.hold_id) throw new AppError('NOT_FOUND', 'No such hold.');
      return { hold: null };
    }
    authorizeOwnerOrStaff(ctx.actor!, hold, 'hold');
    return { hold: presentHold(hold, await holdContents(hold.id), ctx.rules) };
  },
});
