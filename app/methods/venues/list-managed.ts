import { Hall, Venue } from '../../models/index.js';
import { presentVenueWithHalls } from '../../presenters/catalog.js';
import { actsAsAdmin } from '../../shared/types.js';
import { defineMethod } from '../define.js';

/** The venues the caller may change, with their halls: an organizer's own, or all for admins. */
export default defineMethod<Record<string, never>, object>({
  type: 'venues.list_managed',
  summary: 'Venues the caller manages (an organizer’s own; all for admins), with their halls.',
  access: ['organizer'],
  scope: 'read',
  input: {},
  async run(ctx) {
    const venues = await Venue.findAll({
      where: actsAsAdmin(ctx.actor) ? {} : { created_by: ctx.actor!.id },
      order: [['name', 'ASC']],
    });
    const halls = await Hall.findAll({
      where: { venue_id: venues.map((venue) => venue.id) },
      order: [['name', 'ASC']],
    });
    return {
      venues: venues.map((venue) =>
        presentVenueWithHalls(
          venue,
          halls.filter((hall) => hall.venue_id === venue.id),
        ),
      ),
    };
  },
});
