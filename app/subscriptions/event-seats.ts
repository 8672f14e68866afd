import { eventRoom } from '../core/realtime-hub.js';
import { encodeOnce } from '../core/socket-encoding.js';
import { defineMethod } from '../methods/define.js';
import { id } from '../methods/fields.js';
import { findHold, holdContents } from '../models/holds.js';
import { findMapEvent, seatMaps } from '../models/seat-map.js';
import { authorizeView } from '../policies/catalog.js';
import { presentHold } from '../presenters/booking.js';
import { presentSeatStates } from '../presenters/catalog.js';

/**
 * An event's live seat map: `events.subscribe {event_id}` joins the event's room and
 * answers a snapshot (version, every seat's state, places left per section, and the
 * caller's own hold); `seats.changed` pushes follow. The socket joins before the
 * snapshot is read, so no change falls between the two; pushes not newer than the
 * snapshot's version are stale to the client.
 */
export const eventSeats = {
  subscribe: defineMethod<{ event_id: number }, object>({
    type: 'events.subscribe',
    summary: 'Follow an event’s seat map: a snapshot now, then seats.changed pushes.',
    access: 'anyone',
    scope: 'read',
    input: { event_id: id },
    async run(ctx, input) {
      const event = await findMapEvent(input.event_id);
      authorizeView(ctx.actor, event);
      const map = await seatMaps.get(event);
      const hold = ctx.actor && (await findHold({ eventId: event.id, userId: ctx.actor.id }));
      const states = presentSeatStates(event.id, map);
      return {
        ...states,
        // One map version's states, encoded once for every socket it is sent to.
        seats: encodeOnce(states.seats),
        sections: encodeOnce(states.sections),
        hold: hold ? presentHold(hold, await holdContents(hold.id), ctx.rules) : null,
      };
    },
  }),
  unsubscribe: 'events.unsubscribe',
  /** The room of the event named in a message's data, if it names one. */
  room(data: unknown): string | null {
    const eventId = Number((data as { event_id?: unknown } | undefined)?.event_id);
    return Number.isInteger(eventId) && eventId > 0 ? eventRoom(eventId) : null;
  },
};
