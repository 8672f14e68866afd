import { AppError } from '../core/errors.js';
import { Event } from './event.js';
import { assertOneCurrency } from './event-currency.js';
import { EventPrice } from './event-price.js';
import { lockHall } from './hall-layout.js';
import { Section } from './section.js';

/**
 * Publishes a draft in one transaction: every section must have a price, all in one
 * currency (checked on the stored rows, which may predate that rule), and the event's
 * inventory is created from the hall as it is now (one row per seat, the seats of each
 * seated section, one counter row per standing section). The event row is locked, so publishing twice at once publishes
 * once; publishing a published event is INVALID_STATE.
 */
export async function publishEvent(
  eventId: number,
  authorize: (event: Event) => void,
): Promise<Event> {
  const sequelize = Event.sequelize!;
  return sequelize.transaction(async (transaction) => {
    const event = await Event.findByPk(eventId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!event) throw new AppError('NOT_FOUND', 'No such event.');
    authorize(event);
    if (event.status !== 'draft')
      throw new AppError('INVALID_STATE', `The event is already ${event.status}.`);
    await lockHall(event.hall_id, transaction);
    const sections = await Section.findAll({ where: { hall_id: event.hall_id }, transaction });
    if (!sections.length)
      throw new AppError('VALIDATION_FAILED', 'The hall has no seats yet.', {
        hall_id: 'has no sections',
      });
    const prices = await EventPrice.findAll({ where: { event_id: event.id }, transaction });
    const priced = new Set(prices.map((price) => price.section_id));
    const missing = sections
      .filter((section) => !priced.has(section.id))
      .map((section) => section.name);
    if (missing.length) {
      throw new AppError('VALIDATION_FAILED', 'Every section needs a price before publishing.', {
        prices: `missing for ${missing.join(', ')}`,
      });
    }
    assertOneCurrency(prices);
    await sequelize.query(
      `INSERT INTO event_seats (event_id, seat_id)
       SELECT :event, seats.id FROM seats JOIN sections ON sections.id = seats.section_id
        WHERE sections.hall_id = :hall`,
      { replacements: { event: event.id, hall: event.hall_id }, transaction },
    );
    // What each seated section sells, counted once: change sets count its free seats as
    // these less the taken ones (migration 0014).
    await sequelize.query(
      `INSERT INTO event_seat_counts (event_id, section_id, seats)
       SELECT :event, section_id, count(*) FROM seats
        WHERE section_id IN (SELECT id FROM sections WHERE hall_id = :hall) GROUP BY section_id`,
      { replacements: { event: event.id, hall: event.hall_id }, transaction },
    );
    await sequelize.query(
      `INSERT INTO event_sections (event_id, section_id, capacity)
       SELECT :event, id, capacity FROM sections WHERE hall_id = :hall AND kind = 'general_admission'`,
      { replacements: { event: event.id, hall: event.hall_id }, transaction },
    );
    await sequelize.query('INSERT INTO seat_map_versions (event_id) VALUES (:event)', {
      replacements: { event: event.id },
      transaction,
    });
    await event.update({ status: 'published', published_at: new Date() }, { transaction });
    return event;
  });
}
