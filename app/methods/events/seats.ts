import { findMapEvent, seatMaps } from '../../models/seat-map.js';
import { authorizeView } from '../../policies/catalog.js';
import { presentSeatMap } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/** An event's seat map: every seat with its state, and the places left per section. */
export default defineMethod<{ id: number }, object>({
  type: 'events.seats',
  summary: 'An event’s seat map: every seat with its state, places left per section, version.',
  access: 'anyone',
  scope: 'read',
  input: { id },
  async run(ctx, input) {
    const event = await findMapEvent(input.id);
    authorizeView(ctx.actor, event);
    return presentSeatMap(event.id, await seatMaps.get(event));
  },
});
