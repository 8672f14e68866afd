import { Op, type WhereOptions } from 'sequelize';
import { availabilityOf, badgeFor } from '../../models/event-availability.js';
import { loadEventViews } from '../../models/event-view.js';
import { Event, Hall } from '../../models/index.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { page as pageField } from '../fields.js';

const PAGE_SIZE = 12;

interface Input {
  from?: Date;
  to?: Date;
  venue?: number;
  q?: string;
  page?: number;
}

/** Published events from now on (or in a date range), soonest first, with availability. */
export default defineMethod<Input, object>({
  type: 'events.list',
  summary: 'Upcoming published events: search, date range, venue and pages.',
  access: 'anyone',
  scope: 'read',
  input: {
    from: { optional: true, isISO8601: { errorMessage: 'must be a date' }, toDate: true },
    // A plain date means "that whole day": the range ends at the next midnight.
    to: {
      optional: true,
      isISO8601: { errorMessage: 'must be a date' },
      customSanitizer: {
        options: (value: string) =>
          /^\d{4}-\d{2}-\d{2}$/.test(value)
            ? new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000)
            : new Date(value),
      },
    },
    venue: {
      optional: true,
      isInt: { options: { min: 1 }, errorMessage: 'must be a venue id' },
      toInt: true,
    },
    q: {
      optional: true,
      isString: true,
      trim: true,
      isLength: { options: { max: 100 }, errorMessage: 'must be at most 100 characters' },
    },
    page: pageField,
  },
  async run(_ctx, input) {
    const page = input.page ?? 1;
    const halls = input.venue
      ? await Hall.findAll({ where: { venue_id: input.venue }, attributes: ['id'] })
      : null;
    const where: WhereOptions<Event> = {
      status: 'published',
      starts_at: {
        [Op.gte]: input.from ?? new Date(),
        ...(input.to ? { [Op.lt]: input.to } : {}),
      },
      ...(halls ? { hall_id: halls.map((hall) => hall.id) } : {}),
      ...(input.q
        ? { title: { [Op.iLike]: `%${input.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%` } }
        : {}),
    };
    const { rows, count } = await Event.findAndCountAll({
      where,
      order: [
        ['starts_at', 'ASC'],
        ['id', 'ASC'],
      ],
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    const availability = await availabilityOf(rows.map((event) => event.id));
    return {
      events: (await loadEventViews(rows)).map((view) => {
        const left = availability.get(view.event.id);
        return {
          ...presentEvent(view.event, view.hall, view.venue, view.prices),
          available: left?.available ?? 0,
          badge: badgeFor(left),
        };
      }),
      page,
      total: count,
      page_size: PAGE_SIZE,
    };
  },
});
