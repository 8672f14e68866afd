import { seatMaps } from '../../models/seat-map.js';
import { authorizeView, mayViewAnonymously } from '../../policies/catalog.js';
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
    const event = await seatMaps.event(input.id);
    authorizeView(ctx.actor, event);
    return presentSeatMap(event.id, await seatMaps.get(event));
  },
});

/**
 * The seat map anyone may see, when this process knows it now without a read: what a
 * read answered before the middleware serves (controllers/api/known-seat-maps.ts). Undefined when it must be asked for the usual way.
 */
export function knownPublicSeatMap(eventId: number) {
  const known = seatMaps.peek(eventId);
  if (!known || !mayViewAnonymously(known.event)) return undefined;
  return presentSeatMap(eventId, known.map);
}
