import { Hall, Venue } from '../../models/index.js';
import { presentVenue } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';

export default defineMethod<Record<string, never>, object>({
  type: 'venues.list',
  summary: 'All venues with their halls.',
  access: 'anyone',
  input: {},
  async run() {
    const venues = await Venue.findAll({ order: [['name', 'ASC']] });
    const halls = await Hall.findAll({ order: [['name', 'ASC']] });
    return {
      venues: venues.map((venue) => ({
        ...presentVenue(venue),
        halls: halls
          .filter((hall) => hall.venue_id === venue.id)
          .map((hall) => ({ id: hall.id, name: hall.name })),
      })),
    };
  },
});
