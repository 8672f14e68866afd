import { AppError } from '../../core/errors.js';
import { holdContents, holdPlaces } from '../../models/holds.js';
import { inTransaction } from '../../models/sql.js';
import { presentHold } from '../../presenters/booking.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

interface Input {
  event_id: number;
  seat_ids?: number[];
  section_id?: number;
  quantity?: number;
  customer_name?: string;
}

/**
 * Holds seats (or standing places) for the caller, all or none, growing their active
 * hold for the event. Box-office staff may hold for a walk-in customer by name.
 */
export default defineMethod<Input, object>({
  type: 'seats.hold',
  summary: 'Hold seats, or standing places in a section, all or none (signed in).',
  access: 'signed_in',
  input: {
    event_id: id,
    seat_ids: {
      optional: true,
      isArray: { options: { min: 1, max: 100 }, errorMessage: 'must list 1 to 100 seat ids' },
    },
    'seat_ids.*': id,
    section_id: { ...id, optional: true },
    quantity: {
      optional: true,
      isInt: { options: { min: 1, max: 100 }, errorMessage: 'must be 1 to 100' },
      toInt: true,
    },
    customer_name: {
      optional: true,
      isString: true,
      trim: true,
      isLength: { options: { min: 1, max: 120 }, errorMessage: 'must be 1 to 120 characters' },
    },
  },
  async run(ctx, input) {
    const seated = input.seat_ids !== undefined;
    const standing = input.section_id !== undefined || input.quantity !== undefined;
    if (seated === standing || (standing && (!input.section_id || !input.quantity)))
      throw new AppError('VALIDATION_FAILED', 'Give seat_ids, or section_id and quantity.', {
        seat_ids: 'give seat_ids, or section_id and quantity',
      });
    if (input.customer_name && ctx.actor!.role !== 'staff' && ctx.actor!.role !== 'admin')
      throw new AppError('FORBIDDEN', 'Only box-office staff hold seats for someone else.');
    const { hold, changes, contents } = await inTransaction(async (transaction) => {
      const held = await holdPlaces(
        {
          eventId: input.event_id,
          userId: ctx.actor!.id,
          customerName: input.customer_name,
          request: seated
            ? { seatIds: input.seat_ids! }
            : { section: { id: input.section_id!, quantity: input.quantity! } },
        },
        ctx.rules,
        transaction,
      );
      return { ...held, contents: await holdContents(held.hold.id, transaction) };
    });
    ctx.realtime.seatsChanged(changes);
    return { hold: presentHold(hold, contents, ctx.rules) };
  },
});
