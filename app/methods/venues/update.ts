import { AppError } from '../../core/errors.js';
import { Venue } from '../../models/index.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentVenue } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id } from '../fields.js';

/** Changes a venue's name, address or time zone (its organizer or an admin). */
export default defineMethod<
  { id: number; name?: string; address?: string; timezone?: string },
  object
>({
  type: 'venues.update',
  summary: 'Change a venue’s name, address or time zone.',
  access: ['organizer'],
  input: {
    id,
    name: {
      optional: true,
      isString: { errorMessage: 'must be text', bail: true },
      trim: true,
      isLength: { options: { min: 1, max: 120 }, errorMessage: 'must be 1 to 120 characters' },
    },
    address: {
      optional: true,
      isString: true,
      trim: true,
      isLength: { options: { max: 300 }, errorMessage: 'must be at most 300 characters' },
    },
    timezone: { optional: true, isString: true, trim: true },
  },
  async run(ctx, input) {
    const { id: venueId, ...changes } = input;
    const venue = await Venue.findByPk(venueId);
    if (!venue) throw new AppError('NOT_FOUND', 'No such venue.');
    authorizeOwner(ctx.actor!, venue, 'venue');
    await venue.update(changes);
    return { venue: presentVenue(venue) };
  },
});
