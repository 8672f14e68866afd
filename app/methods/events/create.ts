import { AppError } from '../../core/errors.js';
import { loadEventView } from '../../models/event-view.js';
import { Event, EventPrice, Hall, Section, Venue } from '../../models/index.js';
import { authorizeOwner } from '../../policies/catalog.js';
import { presentEvent } from '../../presenters/catalog.js';
import { defineMethod } from '../define.js';
import { id, name } from '../fields.js';

interface Input {
  hall_id: number;
  title: string;
  description?: string;
  image_url?: string;
  starts_at: Date;
  ends_at: Date;
  sales_start?: Date;
  sales_end?: Date;
  max_per_order?: number;
  prices?: Array<{ section_id: number; price_cents: number; currency: string }>;
}

const date = (optional = false) => ({
  ...(optional ? { optional: true } : {}),
  isISO8601: { options: { strict: true }, errorMessage: 'must be a date and time (ISO 8601)' },
  toDate: true,
});

/** A draft event in a hall, with a price per section (all of them, before it can be published). */
export default defineMethod<Input, object>({
  type: 'events.create',
  summary: 'Create a draft event in a hall, with prices per section (organizers and admins).',
  access: ['organizer'],
  input: {
    hall_id: id,
    title: name(200),
    description: {
      optional: true,
      isString: true,
      isLength: { options: { max: 5000 }, errorMessage: 'must be at most 5000 characters' },
    },
    image_url: {
      optional: true,
      isURL: {
        options: { protocols: ['https', 'http'], require_protocol: true },
        errorMessage: 'must be an http(s) URL',
      },
    },
    starts_at: date(),
    ends_at: date(),
    sales_start: date(true),
    sales_end: date(true),
    max_per_order: {
      optional: true,
      isInt: { options: { min: 1, max: 100 }, errorMessage: 'must be 1 to 100' },
      toInt: true,
    },
    prices: {
      optional: true,
      isArray: { options: { max: 50 }, errorMessage: 'must be a list of prices' },
    },
    'prices.*.section_id': id,
    'prices.*.price_cents': {
      isInt: {
        options: { min: 0, max: 10_000_000 },
        errorMessage: 'must be a whole number of cents',
      },
      toInt: true,
    },
    'prices.*.currency': {
      isString: true,
      matches: { options: /^[A-Z]{3}$/, errorMessage: 'must be an ISO 4217 code such as EUR' },
    },
  },
  async run(ctx, input) {
    if (input.ends_at <= input.starts_at) {
      throw new AppError('VALIDATION_FAILED', 'The event must end after it starts.', {
        ends_at: 'must be after starts_at',
      });
    }
    const hall = await Hall.findByPk(input.hall_id);
    if (!hall) throw new AppError('NOT_FOUND', 'No such hall.');
    authorizeOwner(
      ctx.actor!,
      await Venue.findByPk(hall.venue_id, { rejectOnEmpty: true }),
      'venue',
    );
    const sectionIds = new Set(
      (await Section.findAll({ where: { hall_id: hall.id } })).map((section) => section.id),
    );
    const foreign = (input.prices ?? []).filter((price) => !sectionIds.has(price.section_id));
    if (foreign.length) {
      throw new AppError('VALIDATION_FAILED', 'Prices must be for sections of this hall.', {
        prices: `sections ${foreign.map((price) => price.section_id).join(', ')} are not in this hall`,
      });
    }
    const { prices = [], ...fields } = input;
    const event = await Event.sequelize!.transaction(async (transaction) => {
      const created = await Event.create({ ...fields, created_by: ctx.actor!.id }, { transaction });
      await EventPrice.bulkCreate(
        prices.map((price) => ({ ...price, event_id: created.id })),
        { transaction },
      );
      return created;
    });
    const view = await loadEventView(event);
    return { event: presentEvent(view.event, view.hall, view.venue, view.prices) };
  },
});
