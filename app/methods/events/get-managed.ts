import { AppError } from '../../core/errors.js';
import { availabilityOf } from '../../models/event-availability.js';
import { loadEventView } from '../../models/event-view.js';
import { Event, Section } from '../../models/index.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentEvent, presentHall } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/** An event to edit, with its hall's sections and what is left: for its organizer or an admin. */
export default defineMethod<{ id: number }, object>({
  type: 'events.get_managed',
  summary: 'An event the caller manages, with its hall’s sections and places left, for editing.',
  access: ['organizer'],
  scope: 'read',
  input: { id },
  async run(ctx, input) {
    const event = await Event.findByPk(input.id);
    if (!event) throw new AppError('NOT_FOUND', 'No such event.');
    authorizeOwner(ctx.actor!, event, 'event');
    const view = await loadEventView(event);
    const sections = await Section.findAll({
      where: { hall_id: view.hall.id },
      order: [['position', 'ASC']],
    });
    return {
      event: presentEvent(view.event, view.hall, view.venue, view.prices),
      hall: presentHall(view.hall, sections),
      availability: (await availabilityOf([event.id])).get(event.id) ?? null,
    };
  },
});
