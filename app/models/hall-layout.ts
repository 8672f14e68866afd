import { Op, type Transaction } from 'sequelize';
import { AppError } from '../core/errors.js';
import type { HallLayout } from '../shared/layout.js';
import { Event } from './event.js';
import { EventPrice } from './event-price.js';
import { Seat } from './seat.js';
import { Section } from './section.js';

/**
 * Replaces a hall's sections and seats with `layout`. A hall whose seats a published or
 * cancelled event already sold from keeps its layout (INVALID_STATE; the inventory's
 * foreign keys refuse it too). Draft events of the hall lose their prices, since their
 * sections are gone, and must be priced again.
 */
export async function replaceLayout(
  hallId: number,
  layout: HallLayout,
  transaction: Transaction,
): Promise<void> {
  await lockHall(hallId, transaction);
  const inUse = await Event.count({
    where: { hall_id: hallId, published_at: { [Op.ne]: null } },
    transaction,
  });
  if (inUse) {
    throw new AppError(
      'INVALID_STATE',
      'This hall has published events, so its seats cannot change. Create a new hall instead.',
    );
  }
  const oldSections = await Section.findAll({
    where: { hall_id: hallId },
    attributes: ['id'],
    transaction,
  });
  if (oldSections.length) {
    await EventPrice.destroy({
      where: { section_id: oldSections.map((section) => section.id) },
      transaction,
    });
    await Section.destroy({ where: { hall_id: hallId }, transaction });
  }
  for (const [position, section] of layout.sections.entries()) {
    const seats = section.seats ?? [];
    const created = await Section.create(
      {
        hall_id: hallId,
        name: section.name,
        kind: section.kind,
        capacity: section.kind === 'seated' ? seats.length : section.capacity!,
        position,
        area: section.area ?? null,
      },
      { transaction },
    );
    if (seats.length) {
      await Seat.bulkCreate(
        seats.map((seat) => ({
          section_id: created.id,
          row_label: seat.row,
          number: seat.number,
          x: seat.x,
          y: seat.y,
          accessible: seat.accessible ?? false,
          companion: seat.companion ?? false,
        })),
        { transaction },
      );
    }
  }
}

/**
 * Locks a hall's row for the transaction: layout changes and publications in one hall
 * take turns, so an event is never published over a layout being replaced, and two
 * replacements never leave both layouts behind.
 */
export async function lockHall(hallId: number, transaction: Transaction): Promise<void> {
  await Event.sequelize!.query('SELECT id FROM halls WHERE id = :hallId FOR UPDATE', {
    replacements: { hallId },
    transaction,
  });
}

/** A hall's layout in the import/export format. */
export async function exportLayout(
  hallId: number,
): Promise<HallLayout & { section_ids: number[] }> {
  const sections = await Section.findAll({
    where: { hall_id: hallId },
    order: [['position', 'ASC']],
  });
  const seats = await Seat.findAll({
    where: { section_id: sections.map((section) => section.id) },
    order: [['id', 'ASC']],
  });
  return {
    section_ids: sections.map((section) => section.id),
    sections: sections.map((section) =>
      section.kind === 'seated'
        ? {
            name: section.name,
            kind: 'seated' as const,
            seats: seats
              .filter((seat) => seat.section_id === section.id)
              .map((seat) => ({
                row: seat.row_label,
                number: seat.number,
                x: seat.x,
                y: seat.y,
                accessible: seat.accessible,
                companion: seat.companion,
              })),
          }
        : {
            name: section.name,
            kind: 'general_admission' as const,
            capacity: section.capacity,
            ...(section.area ? { area: section.area } : {}),
          },
    ),
  };
}
