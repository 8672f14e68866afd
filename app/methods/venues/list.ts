import { Hall, Venue } from '../../models/index.js';
import { presentVenueWithHalls } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';

export default defineMethod<Record<string, never>, object>({
  type: 'venues.list',
  summary: 'All venues with their halls.',
  access: 'anyone',
  scope: 'read',
  input: {},
  async run() {
    const venues = await Venue.findAll({ order: [['name', 'ASC']] });
    const halls = await Hall.findAll({ order: [['name', 'ASC']] });
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
