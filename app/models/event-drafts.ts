import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { AppError } from '../core/errors.js';
import { authorizeOwner } from '../policies/catalog.js';
import type { Actor } from '../shared/types.js';
import { Event } from './event.js';
import { assertOneCurrency } from './event-currency.js';
import { EventPrice } from './event-price.js';
import { Hall } from './hall.js';
import { Section } from './section.js';
import { Venue } from './venue.js';

export interface DraftFields {
  title: string;
  description?: string;
  image_url?: string | null;
  sales_start?: Date | null;
  sales_end?: Date | null;
  max_per_order?: number;
}

export interface Showing {
  starts_at: Date;
  ends_at: Date;
}

/**
 * Creates one draft per showing in a hall the actor manages, each with the same prices
 * (all in one currency), in one transaction. Several showings share a series id. Errors name the showing
 * (`showings[2].ends_at`) or the price at fault.
 */
export async function createDrafts(
  actor: Actor,
  hallId: number,
  fields: DraftFields,
  prices: Array<{ section_id: number; price_cents: number; currency: string }>,
  showings: Showing[],
  fieldPrefix: (index: number) => string,
): Promise<Event[]> {
  const badTimes = showings.flatMap((showing, index) =>
    showing.ends_at <= showing.starts_at
      ? [[`${fieldPrefix(index)}ends_at`, 'must be after starts_at']]
      : [],
  );
  if (badTimes.length)
    throw new AppError(
      'VALIDATION_FAILED',
      'An event must end after it starts.',
      Object.fromEntries(badTimes),
    );
  const hall = await Hall.findByPk(hallId);
  if (!hall) throw new AppError('NOT_FOUND', 'No such hall.');
  authorizeOwner(actor, await Venue.findByPk(hall.venue_id, { rejectOnEmpty: true }), 'venue');
  await assertPricesInHall(hall.id, prices);
  assertOneCurrency(prices);
  const series_id = showings.length > 1 ? randomUUID() : null;
  return Event.sequelize!.transaction(async (transaction) => {
    const events: Event[] = [];
    for (const showing of showings) {
      const event = await Event.create(
        { ...fields, ...showing, hall_id: hall.id, series_id, created_by: actor.id },
        { transaction },
      );
      await EventPrice.bulkCreate(
        prices.map((price) => ({ ...price, event_id: event.id })),
        { transaction },
      );
      events.push(event);
    }
    return events;
  });
}

/** VALIDATION_FAILED unless every price is for a section of the hall. */
export async function assertPricesInHall(
  hallId: number,
  prices: Array<{ section_id: number }>,
  transaction?: Transaction,
): Promise<void> {
  if (!prices.length) return;
  const sections = await Section.findAll({ where: { hall_id: hallId }, transaction });
  const sectionIds = new Set(sections.map((section) => section.id));
  const foreign = prices.filter((price) => !sectionIds.has(price.section_id));
  if (foreign.length) {
    throw new AppError('VALIDATION_FAILED', 'Prices must be for sections of this hall.', {
      prices: `sections ${foreign.map((price) => price.section_id).join(', ')} are not in this hall`,
    });
  }
}
