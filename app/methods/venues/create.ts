import { Venue } from '../../models/index.js';
import { presentVenue } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { name, timezone, venueAddress } from '../fields.js';

export default defineMethod<{ name: string; address?: string; timezone?: string }, object>({
  type: 'venues.create',
  summary: 'Create a venue (organizers and admins).',
  access: ['organizer'],
  scope: 'write',
  input: { name: name(120), address: venueAddress, timezone },
  async run(ctx, input) {
    const venue = await Venue.create({ ...input, created_by: ctx.actor!.id });
    return { venue: presentVenue(venue) };
  },
});
