import { AppError } from '../../core/errors.js';
import { Venue } from '../../models/index.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentVenue } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id, name, timezone, venueAddress } from '../fields.js';

/** Changes a venue's name, address or time zone (its organizer or an admin). */
export default defineMethod<
  { id: number; name?: string; address?: string; timezone?: string },
  object
>({
  type: 'venues.update',
  summary: 'Change a venue’s name, address or time zone.',
  access: ['organizer'],
  scope: 'write',
  input: { id, name: { ...name(120), optional: true }, address: venueAddress, timezone },
  async run(ctx, input) {
    const { id: venueId, ...changes } = input;
    const venue = await Venue.findByPk(venueId);
    if (!venue) throw new AppError('NOT_FOUND', 'No such venue.');
    authorizeOwner(ctx.actor!, venue, 'venue');
    await venue.update(changes);
    return { venue: presentVenue(venue) };
  },
});
