import { Op, type Transaction } from 'sequelize';
import { AppError } from '../core/errors.js';
import type { HallLayout, LayoutSection } from '../shared/layout.js';
import { Event } from './event.js';
import { EventPrice } from './event-price.js';
import { Seat } from './seat.js';
import { Section } from './section.js';

/**
 * Replaces a hall's sections and seats with `layout`. Draft events of the hall lose their
 * prices, since their sections are gone, and must be priced again.
 */
export async function replaceLayout(
  hallId: number,
  layout: HallLayout,
  transaction: Transaction,
): Promise<void> {
  await lockEditableHall(hallId, transaction);
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
  await insertSections(hallId, layout.sections, 0, transaction);
}

/**
 * Locks a hall for a layout change. A hall whose seats a published event sells from
 * keeps its layout (INVALID_STATE; the inventory's foreign keys refuse it too).
 */
export async function lockEditableHall(hallId: number, transaction: Transaction): Promise<void> {
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
}

/** Adds sections with their seats to a hall, numbered from `firstPosition` in drawing order. */
export async function insertSections(
  hallId: number,
  sections: LayoutSection[],
  firstPosition: number,
  transaction: Transaction,
): Promise<Section[]> {
  const created: Section[] = [];
  for (const [index, section] of sections.entries()) {
    const seats = section.seats ?? [];
    const row = await Section.create(
      {
        hall_id: hallId,
        name: section.name,
        kind: section.kind,
        capacity: section.kind === 'seated' ? seats.length : section.capacity!,
        position: firstPosition + index,
        area: section.area ?? null,
      },
      { transaction },
    );
    if (seats.length) {
      await Seat.bulkCreate(
        seats.map((seat) => ({
          section_id: row.id,
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
    created.push(row);
  }
  return created;
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
  transaction?: Transaction,
): Promise<HallLayout & { section_ids: number[] }> {
  const sections = await Section.findAll({
    where: { hall_id: hallId },
    order: [['position', 'ASC']],
    transaction,
  });
  const seats = await Seat.findAll({
    where: { section_id: sections.map((section) => section.id) },
    order: [['id', 'ASC']],
    transaction,
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
