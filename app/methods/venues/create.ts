import { Venue } from '../../models/index.js';
import { presentVenue } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';

const venueFields = {
  name: {
    isString: { errorMessage: 'is required', bail: true },
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
} as const;

export default defineMethod<{ name: string; address?: string; timezone?: string }, object>({
  type: 'venues.create',
  summary: 'Create a venue (organizers and admins).',
  access: ['organizer'],
  input: venueFields,
  async run(ctx, input) {
    const venue = await Venue.create({ ...input, created_by: ctx.actor!.id });
    return { venue: presentVenue(venue) };
  },
});
