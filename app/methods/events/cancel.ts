import { AppError } from '../../core/errors.js';
import { loadEventView } from '../../models/event-view.js';
import { Event } from '../../models/index.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/** Cancels an event: it leaves the listings and stops selling. */
export default defineMethod<{ id: number }, object>({
  type: 'events.cancel',
  summary: 'Cancel an event (its organizer or an admin).',
  access: ['organizer'],
  input: { id },
  async run(ctx, input) {
    const event = await Event.sequelize!.transaction(async (transaction) => {
      const found = await Event.findByPk(input.id, { transaction, lock: transaction.LOCK.UPDATE });
      if (!found) throw new AppError('NOT_FOUND', 'No such event.');
      authorizeOwner(ctx.actor!, found, 'event');
      if (found.status === 'cancelled')
        throw new AppError('INVALID_STATE', 'The event is already cancelled.');
      return found.update({ status: 'cancelled' }, { transaction });
    });
    const view = await loadEventView(event);
    return { event: presentEvent(view.event, view.hall, view.venue, view.prices) };
  },
});
