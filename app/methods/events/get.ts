import { AppError } from '../../core/errors.js';
import { loadEventView } from '../../models/event-view.js';
import { Event } from '../../models/index.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/** One event. Drafts are visible only to their organizer and admins. */
export default defineMethod<{ id: number }, object>({
  type: 'events.get',
  summary: 'One event with its venue, hall and prices.',
  access: 'anyone',
  input: { id },
  async run(ctx, input) {
    const event = await Event.findByPk(input.id);
    const mayPeek = ctx.actor && (ctx.actor.role === 'admin' || ctx.actor.id === event?.created_by);
    if (!event || (event.status === 'draft' && !mayPeek))
      throw new AppError('NOT_FOUND', 'No such event.');
    const view = await loadEventView(event);
    return { event: presentEvent(view.event, view.hall, view.venue, view.prices) };
  },
});
