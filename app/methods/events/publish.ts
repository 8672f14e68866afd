import { loadEventView } from '../../models/event-view.js';
import { publishEvent } from '../../models/event-publishing.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

export default defineMethod<{ id: number }, object>({
  type: 'events.publish',
  summary: 'Publish a draft: it goes on sale and its seat inventory is created.',
  access: ['organizer'],
  scope: 'write',
  input: { id },
  async run(ctx, input) {
    const event = await publishEvent(input.id, (found) =>
      authorizeOwner(ctx.actor!, found, 'event'),
    );
    const view = await loadEventView(event);
    return { event: presentEvent(view.event, view.hall, view.venue, view.prices) };
  },
});
