import { loadEventView } from '../../models/event-view.js';
import { Event } from '../../models/index.js';
import { authorizeView } from '../../policies/catalog.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/** One event. Drafts are visible only to their organizer and admins. */
export default defineMethod<{ id: number }, object>({
  type: 'events.get',
  summary: 'One event with its venue, hall and prices.',
  access: 'anyone',
  scope: 'read',
  input: { id },
  async run(ctx, input) {
    const event = await Event.findByPk(input.id);
    authorizeView(ctx.actor, event);
    const view = await loadEventView(event);
    return { event: presentEvent(view.event, view.hall, view.venue, view.prices) };
  },
});
