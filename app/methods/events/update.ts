import { AppError } from '../../core/errors.js';
import { loadEventView } from '../../models/event-view.js';
import { assertOneCurrency } from '../../models/event-currency.js';
import { assertPricesInHall } from '../../models/event-drafts.js';
import { Event, EventPrice } from '../../models/index.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id, name } from '../fields.js';
import { date, eventFields, type EventFieldsInput } from './event-fields.js';

type Input = Partial<EventFieldsInput> & { id: number; starts_at?: Date; ends_at?: Date };

/**
 * Changes an event's details, times or prices (given prices replace those of their
 * sections; the event's prices after that must still be in one currency). A cancelled
 * event no longer changes.
 */
export default defineMethod<Input, object>({
  type: 'events.update',
  summary: 'Change an event’s details, times or prices (its organizer or an admin).',
  access: ['organizer'],
  scope: 'write',
  input: {
    ...eventFields,
    id,
    title: { ...name(200), optional: true },
    starts_at: date(true),
    ends_at: date(true),
  },
  async run(ctx, input) {
    const { id: eventId, prices, ...changes } = input;
    const event = await Event.sequelize!.transaction(async (transaction) => {
      const found = await Event.findByPk(eventId, { transaction, lock: transaction.LOCK.UPDATE });
      if (!found) throw new AppError('NOT_FOUND', 'No such event.');
      authorizeOwner(ctx.actor!, found, 'event');
      if (found.status === 'cancelled')
        throw new AppError('INVALID_STATE', 'A cancelled event cannot change.');
      if ((changes.ends_at ?? found.ends_at) <= (changes.starts_at ?? found.starts_at)) {
        throw new AppError('VALIDATION_FAILED', 'The event must end after it starts.', {
          ends_at: 'must be after starts_at',
        });
      }
      if (prices?.length) {
        await assertPricesInHall(found.hall_id, prices, transaction);
        for (const price of prices)
          await EventPrice.upsert({ ...price, event_id: found.id }, { transaction });
        // The stored rows after the upserts, so the sections this update leaves alone count too.
        assertOneCurrency(await EventPrice.findAll({ where: { event_id: found.id }, transaction }));
      }
      return found.update(changes, { transaction });
    });
    const view = await loadEventView(event);
    return { event: presentEvent(view.event, view.hall, view.venue, view.prices) };
  },
});
