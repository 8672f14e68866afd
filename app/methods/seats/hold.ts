import { AppError } from '../../core/errors.js';
import { holdPlaces } from '../../models/inventory/hold.js';
import { withRetries } from '../../models/sql.js';
import { presentHold } from '../../presenters/booking.js';
import { isStaff } from '../../shared/types.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

interface Input {
  event_id: number;
  seat_ids?: number[];
  sections?: Array<{ section_id: number; quantity: number }>;
  section_id?: number;
  quantity?: number;
  customer_name?: string;
}

/**
 * Holds seats and standing places for the caller, all or none, growing their active
 * hold for the event (`section_id` + `quantity` for one standing section, `sections` for
 * several). Box-office staff may hold for a walk-in customer by name.
 */
export default defineMethod<Input, object>({
  type: 'seats.hold',
  summary: 'Hold seats, or standing places in a section, all or none (signed in).',
  access: 'signed_in',
  scope: 'write',
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
    sections: {
      optional: true,
      isArray: { options: { min: 1, max: 20 }, errorMessage: 'must list 1 to 20 sections' },
    },
    'sections.*.section_id': id,
    'sections.*.quantity': {
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
    const one = input.section_id !== undefined || input.quantity !== undefined;
    if (one && (!input.section_id || !input.quantity))
      throw new AppError('VALIDATION_FAILED', 'Give section_id and quantity together.', {
        section_id: 'give section_id and quantity together',
      });
    const sections = [
      ...(input.sections ?? []).map((item) => ({ id: item.section_id, quantity: item.quantity })),
      ...(one ? [{ id: input.section_id!, quantity: input.quantity! }] : []),
    ];
    if (!input.seat_ids && !sections.length)
      throw new AppError('VALIDATION_FAILED', 'Give seat_ids, or section_id and quantity.', {
        seat_ids: 'give seat_ids, or section_id and quantity',
      });
    if (new Set(sections.map((item) => item.id)).size < sections.length)
      throw new AppError('VALIDATION_FAILED', 'Name each section once.', {
        sections: 'name each section once',
      });
    const staff = isStaff(ctx.actor!.role);
    if (input.customer_name && !staff)
      throw new AppError('FORBIDDEN', 'Only box-office staff hold seats for someone else.');
    // Box-office staff sell to one walk-in after another from one counter: no hoarding
    // limits, no cool-down.
    const { hold, changes, contents } = await withRetries(() =>
      holdPlaces(
        {
          eventId: input.event_id,
          userId: ctx.actor!.id,
          customerName: input.customer_name,
          request: { seatIds: input.seat_ids ?? [], sections },
          coolsDown: !staff,
          ip: ctx.ip,
        },
        ctx.rules,
      ),
    );
    ctx.realtime.seatsChanged(changes);
    return { hold: presentHold(hold, contents, ctx.rules) };
  },
});
