import { availabilityOf } from '../../models/event-availability.js';
import { loadEventViews } from '../../models/event-view.js';
import { Event } from '../../models/index.js';
import { presentEvent } from '../../presenters/catalog.js';
import { actsAsAdmin } from '../../shared/types.js';
import { defineMethod } from '../define.js';
import { page as pageField } from '../fields.js';

const PAGE_SIZE = 25;

/**
 * The events the caller manages, drafts and cancelled ones too, latest first: an
 * organizer's own, or all for admins.
 */
export default defineMethod<{ status?: string; page?: number }, object>({
  type: 'events.list_managed',
  summary: 'Events the caller manages, in every status (an organizer’s own; all for admins).',
  access: ['organizer'],
  scope: 'read',
  input: {
    status: {
      optional: true,
      isIn: {
        options: [['draft', 'published', 'cancelled']],
        errorMessage: 'must be draft, published or cancelled',
      },
    },
    page: pageField,
  },
  async run(ctx, input) {
    const page = input.page ?? 1;
    const { rows, count } = await Event.findAndCountAll({
      where: {
        ...(actsAsAdmin(ctx.actor) ? {} : { created_by: ctx.actor!.id }),
        ...(input.status ? { status: input.status } : {}),
      },
      order: [
        ['starts_at', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const availability = await availabilityOf(rows.map((event) => event.id));
    return {
      events: (await loadEventViews(rows)).map((view) => ({
        ...presentEvent(view.event, view.hall, view.venue, view.prices),
        availability: availability.get(view.event.id) ?? null,
      })),
      page,
      total: count,
      page_size: PAGE_SIZE,
    };
  },
});
