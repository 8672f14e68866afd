import { AppError } from '../../core/errors.js';
import { Hall, Venue } from '../../models/index.js';
import { presentVenueWithHalls } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

export default defineMethod<{ id: number }, object>({
  type: 'venues.get',
  summary: 'One venue with its halls.',
  access: 'anyone',
  scope: 'read',
  input: { id },
  async run(_ctx, input) {
    const venue = await Venue.findByPk(input.id);
    if (!venue) throw new AppError('NOT_FOUND', 'No such venue.');
    const halls = await Hall.findAll({ where: { venue_id: venue.id }, order: [['name', 'ASC']] });
    return { venue: presentVenueWithHalls(venue, halls) };
  },
});
