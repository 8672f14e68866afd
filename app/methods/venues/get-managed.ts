import { AppError } from '../../core/errors.js';
import { Hall, Venue } from '../../models/index.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentVenueWithHalls } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/** A venue to edit: like venues.get, for its organizer or an admin only. */
export default defineMethod<{ id: number }, object>({
  type: 'venues.get_managed',
  summary: 'A venue the caller manages, with its halls, for editing.',
  access: ['organizer'],
  scope: 'read',
  input: { id },
  async run(ctx, input) {
    const venue = await Venue.findByPk(input.id);
    if (!venue) throw new AppError('NOT_FOUND', 'No such venue.');
    authorizeOwner(ctx.actor!, venue, 'venue');
    const halls = await Hall.findAll({ where: { venue_id: venue.id }, order: [['name', 'ASC']] });
    return { venue: presentVenueWithHalls(venue, halls) };
  },
});
